package io.capsulemq.client.endpoint;

import io.capsulemq.client.gateway.BrokerGateway;

import java.util.concurrent.atomic.AtomicBoolean;

/** A client's hold on the broker its endpoint names; closing it lets an embedded broker close with its last client. */
public final class GatewayLease implements AutoCloseable {
    private final String endpoint;
    private final BrokerGateway gateway;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    GatewayLease(String endpoint, BrokerGateway gateway, Runnable release) {
        this.endpoint = endpoint;
        this.gateway = gateway;
        this.release = release;
    }

    static GatewayLease unowned(String endpoint, BrokerGateway gateway) {
        return new GatewayLease(endpoint, gateway, () -> { });
    }

    public String endpoint() {
        return endpoint;
    }

    public BrokerGateway gateway() {
        return gateway;
    }

    /** Releases the hold once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
