package io.capsulemq.client.endpoint;

import io.capsulemq.client.remote.AccessCredentials;
import io.capsulemq.client.remote.RemoteEndpoint;
import io.capsulemq.client.remote.RemoteGateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The network gateways of this JVM, one per endpoint string and credentials, counted by the clients holding them:
 * the first client naming an endpoint with its credentials connects, the last one to close disconnects. A gateway
 * signs every request with its credentials, so clients with other credentials (or none) get a gateway of their own.
 */
final class RemoteGateways {
    private record Key(String endpoint, AccessCredentials credentials) {
    }

    private static final class Held {
        final RemoteGateway gateway;
        int holders;

        Held(RemoteGateway gateway) {
            this.gateway = gateway;
        }
    }

    private static final Map<Key, Held> HELD = new HashMap<>();

    private RemoteGateways() {
    }

    /** @param credentials null for a gateway that signs nothing */
    static synchronized GatewayLease acquire(String endpoint, AccessCredentials credentials) {
        Key key = new Key(endpoint, credentials);
        Held held = HELD.get(key);
        if (held == null) {
            held = new Held(RemoteGateway.connect(RemoteEndpoint.parse(endpoint), credentials));
            HELD.put(key, held);
        }
        held.holders++;
        Held taken = held;
        return new GatewayLease(endpoint, held.gateway, () -> release(key, taken));
    }

    private static synchronized void release(Key key, Held held) {
        if (HELD.get(key) == held && --held.holders == 0) {
            HELD.remove(key);
            held.gateway.close();
        }
    }
}
