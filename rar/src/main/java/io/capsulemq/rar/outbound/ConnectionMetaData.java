package io.capsulemq.rar.outbound;

import jakarta.resource.spi.ManagedConnectionMetaData;

/** What the server shows of a connection. */
final class ConnectionMetaData implements ManagedConnectionMetaData {
    @Override
    public String getEISProductName() {
        return "Capsule MQ";
    }

    @Override
    public String getEISProductVersion() {
        return "0.1";
    }

    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        return "";
    }
}
