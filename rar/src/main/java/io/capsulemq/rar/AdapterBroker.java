package io.capsulemq.rar;

import org.apache.rocketmq.client.apis.ClientConfiguration;

/**
 * The broker a started adapter works with, embedded or remote: what the native clients of the adapter (its
 * producer and its MDBs' consumers) name as their endpoint, held until the adapter stops.
 */
public interface AdapterBroker extends AutoCloseable {
    /** What the adapter's native clients set as {@code ClientConfiguration} endpoints. */
    String endpoint();

    /** The configuration the adapter's native clients are built with: the endpoint, and whatever else they need. */
    default ClientConfiguration clientConfiguration() {
        return ClientConfiguration.newBuilder().setEndpoints(endpoint()).build();
    }

    @Override
    void close();
}
