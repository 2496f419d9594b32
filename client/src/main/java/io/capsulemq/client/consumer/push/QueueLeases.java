package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.QueueRef;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker-side leases an ordered consumer holds on its queues. A queue counts as held for 30 s after its last
 * successful lock, less than the broker's lease, and leases are renewed every 20 s, so this consumer stops
 * consuming a queue before another member could take it.
 */
final class QueueLeases {
    static final long VALID_MILLIS = 30_000;

    private final BrokerGateway gateway;
    private final String group;
    private final String clientId;
    private final Map<QueueRef, Long> lockedAt = new ConcurrentHashMap<>();

    QueueLeases(BrokerGateway gateway, String group, String clientId) {
        this.gateway = gateway;
        this.group = group;
        this.clientId = clientId;
    }

    boolean holds(QueueRef queue) {
        Long at = lockedAt.get(queue);
        return at != null && System.currentTimeMillis() - at < VALID_MILLIS;
    }

    /** Takes or renews the leases; answers whether all of them are held now. */
    boolean lock(Set<QueueRef> queues) {
        if (queues.isEmpty()) {
            return true;
        }
        long now = System.currentTimeMillis();
        Set<QueueRef> held = gateway.lockQueues(group, clientId, queues);
        for (QueueRef q : queues) {
            if (held.contains(q)) {
                lockedAt.put(q, now);
            } else {
                lockedAt.remove(q);
            }
        }
        return held.containsAll(queues);
    }

    void unlock(QueueRef queue) {
        lockedAt.remove(queue);
        gateway.unlockQueues(group, clientId, Set.of(queue));
    }
}
