package io.capsulemq.broker.engine.lock;

import io.capsulemq.broker.engine.QueueId;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Leases on queues for ordered (FIFO) consumers: while a member of a group holds a queue's lease, no other member
 * of that group may consume it, so one thread consumes the queue in order. A lease lapses unless renewed within its
 * duration, so a consumer that dies does not block its queues for long.
 */
public final class QueueLocks {
    private record Lease(String clientId, long expiresAtMillis) {
    }

    private final ConcurrentMap<String, ConcurrentMap<QueueId, Lease>> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration leaseTime;

    public QueueLocks(Clock clock, Duration leaseTime) {
        this.clock = clock;
        this.leaseTime = leaseTime;
    }

    /**
     * Takes or renews leases on the queues for {@code clientId}; returns the queues the client now holds. A queue
     * another live client holds is not taken.
     */
    public Set<QueueId> lock(String group, String clientId, Set<QueueId> queues) {
        ConcurrentMap<QueueId, Lease> leases = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        long now = clock.millis();
        Lease mine = new Lease(clientId, now + leaseTime.toMillis());
        Set<QueueId> held = new TreeSet<>();
        for (QueueId queue : queues) {
            Lease result = leases.compute(queue, (q, current) ->
                    current == null || current.clientId().equals(clientId) || current.expiresAtMillis() <= now
                            ? mine : current);
            if (result == mine) {
                held.add(queue);
            }
        }
        return held;
    }

    /** Gives up the client's leases on these queues; leases held by others are untouched. */
    public void unlock(String group, String clientId, Set<QueueId> queues) {
        Map<QueueId, Lease> leases = groups.get(group);
        if (leases == null) {
            return;
        }
        for (QueueId queue : queues) {
            leases.computeIfPresent(queue, (q, current) -> current.clientId().equals(clientId) ? null : current);
        }
    }

    /** Whether {@code clientId} holds a live lease on the queue. */
    public boolean isHeldBy(String group, QueueId queue, String clientId) {
        Map<QueueId, Lease> leases = groups.get(group);
        Lease lease = leases == null ? null : leases.get(queue);
        return lease != null && lease.clientId().equals(clientId) && lease.expiresAtMillis() > clock.millis();
    }

    /** Drops every lease of a client that left. */
    public void releaseAll(String clientId) {
        groups.values().forEach(leases -> leases.values().removeIf(l -> l.clientId().equals(clientId)));
    }
}
