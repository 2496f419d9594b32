package io.capsulemq.client.endpoint;

import io.capsulemq.client.remote.RemoteEndpoint;
import io.capsulemq.client.remote.RemoteGateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The network gateways of this JVM, one per endpoint string, counted by the clients holding them: the first client
 * naming an endpoint connects, the last one to close disconnects.
 */
final class RemoteGateways {
    private static final class Held {
        final RemoteGateway gateway;
        int holders;

        Held(RemoteGateway gateway) {
            this.gateway = gateway;
        }
    }

    private static final Map<String, Held> HELD = new HashMap<>();

    private RemoteGateways() {
    }

    static synchronized GatewayLease acquire(String endpoint) {
        Held held = HELD.get(endpoint);
        if (held == null) {
            held = new Held(RemoteGateway.connect(RemoteEndpoint.parse(endpoint)));
            HELD.put(endpoint, held);
        }
        held.holders++;
        Held taken = held;
        return new GatewayLease(endpoint, held.gateway, () -> release(endpoint, taken));
    }

    private static synchronized void release(String endpoint, Held held) {
        if (HELD.get(endpoint) == held && --held.holders == 0) {
            HELD.remove(endpoint);
            held.gateway.close();
        }
    }
}
