package io.capsulemq.broker.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live members of each consumer group, kept by their heartbeats. A member joins with its first heartbeat and
 * leaves when it unregisters or stays silent longer than the expiry; either way the rest of its group is told so
 * that it rebalances at once.
 */
public final class ConsumerRegistry {
    private static final System.Logger LOG = System.getLogger(ConsumerRegistry.class.getName());

    /** One member as last heard from. */
    public record Member(ClientConnection connection, ConsumerRegistration registration, long lastHeartbeatMillis) {
        public String clientId() {
            return connection.clientId();
        }
    }

    private final ConcurrentMap<String, ConcurrentMap<String, Member>> groups = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration expiry;

    public ConsumerRegistry(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiry = expiry;
    }

    /** Records a heartbeat; a new member, or a member whose subscriptions changed, makes its group rebalance. */
    public void heartbeat(ClientConnection connection, ConsumerRegistration registration) {
        ConcurrentMap<String, Member> members = groups.computeIfAbsent(registration.group(),
                g -> new ConcurrentHashMap<>());
        Member previous = members.put(connection.clientId(),
                new Member(connection, registration, clock.millis()));
        if (previous == null) {
            LOG.log(System.Logger.Level.INFO, "consumer {0} joined group {1}", connection.clientId(),
                    registration.group());
            notifyGroup(registration.group());
        } else if (!previous.registration().subscriptions().equals(registration.subscriptions())) {
            notifyGroup(registration.group());
        }
    }

    public void unregister(String group, String clientId) {
        Map<String, Member> members = groups.get(group);
        if (members != null && members.remove(clientId) != null) {
            LOG.log(System.Logger.Level.INFO, "consumer {0} left group {1}", clientId, group);
            notifyGroup(group);
        }
    }

    /** Drops members silent for longer than the expiry or whose connection closed; returns how many. */
    public int expireSilent() {
        long deadline = clock.millis() - expiry.toMillis();
        int dropped = 0;
        for (Map.Entry<String, ConcurrentMap<String, Member>> group : groups.entrySet()) {
            List<String> gone = new ArrayList<>();
            group.getValue().forEach((id, m) -> {
                if (m.lastHeartbeatMillis() < deadline || !m.connection().isActive()) {
                    gone.add(id);
                }
            });
            for (String id : gone) {
                if (group.getValue().remove(id) != null) {
                    dropped++;
                    LOG.log(System.Logger.Level.INFO, "consumer {0} of group {1} dropped: silent or disconnected",
                            id, group.getKey());
                }
            }
            if (!gone.isEmpty()) {
                notifyGroup(group.getKey());
            }
        }
        return dropped;
    }

    /** The client ids of a group's members, sorted: every member computes the same allocation from this list. */
    public List<String> memberIds(String group) {
        Map<String, Member> members = groups.get(group);
        return members == null ? List.of() : new ArrayList<>(new TreeSet<>(members.keySet()));
    }

    public Collection<Member> members(String group) {
        Map<String, Member> members = groups.get(group);
        return members == null ? List.of() : List.copyOf(members.values());
    }

    public Optional<Member> member(String group, String clientId) {
        Map<String, Member> members = groups.get(group);
        return Optional.ofNullable(members == null ? null : members.get(clientId));
    }

    /** The group's subscription to a topic as its members declared it (the last heartbeat wins). */
    public Optional<Subscription> subscription(String group, String topic) {
        return members(group).stream().map(m -> m.registration().subscriptions().get(topic))
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** Groups with at least one live member, and their members. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> all = new HashMap<>();
        groups.forEach((g, m) -> {
            if (!m.isEmpty()) {
                all.put(g, memberIds(g));
            }
        });
        return all;
    }

    private void notifyGroup(String group) {
        for (Member member : members(group)) {
            try {
                member.connection().notifyConsumerIdsChanged(group);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not tell " + member.clientId() + " of a change in "
                        + group, e);
            }
        }
    }
}
