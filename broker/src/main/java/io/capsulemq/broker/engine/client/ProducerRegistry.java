package io.capsulemq.broker.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/** The live producers of each producer group, kept by heartbeats; transaction check-backs go to one of them. */
public final class ProducerRegistry {
    private record Producer(ClientConnection connection, long lastHeartbeatMillis) {
    }

    private final ConcurrentMap<String, ConcurrentMap<String, Producer>> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration expiry;

    public ProducerRegistry(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    public void heartbeat(String group, ClientConnection connection) {
        groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>())
                .put(connection.clientId(), new Producer(connection, clock.millis()));
    }

    public void unregister(String group, String clientId) {
        Map<String, Producer> producers = groups.get(group);
        if (producers != null) {
            producers.remove(clientId);
        }
    }

    /** A live producer of the group chosen at random, to spread check-backs; empty when none is live. */
    public Optional<ClientConnection> anyLive(String group) {
        List<ClientConnection> live = live(group);
        return live.isEmpty() ? Optional.empty()
                : Optional.of(live.get(ThreadLocalRandom.current().nextInt(live.size())));
    }

    public List<ClientConnection> live(String group) {
        Map<String, Producer> producers = groups.get(group);
        if (producers == null) {
            return List.of();
        }
        long deadline = clock.millis() - expiry.toMillis();
        List<ClientConnection> live = new ArrayList<>();
        producers.values().removeIf(p -> p.lastHeartbeatMillis() < deadline || !p.connection().isActive());
        producers.values().forEach(p -> live.add(p.connection()));
        return live;
    }

    /** Producer groups and the client ids of their live producers. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> all = new java.util.TreeMap<>();
        groups.forEach((g, p) -> {
            List<String> ids = live(g).stream().map(ClientConnection::clientId).sorted().toList();
            if (!ids.isEmpty()) {
                all.put(g, ids);
            }
        });
        return all;
    }
}
