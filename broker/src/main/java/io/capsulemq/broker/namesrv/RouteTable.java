package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.namesrv.wire.BrokerData;
import io.capsulemq.broker.namesrv.wire.BrokerMemberGroup;
import io.capsulemq.broker.namesrv.wire.ClusterInfo;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.QueueData;
import io.capsulemq.broker.namesrv.wire.TopicConfigData;
import io.capsulemq.broker.namesrv.wire.TopicList;
import io.capsulemq.broker.namesrv.wire.TopicRouteData;
import io.capsulemq.broker.remoting.RemotingConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Every route one NameServer knows: which clusters have which broker names, the addresses of each broker name by
 * id, which broker names hold each topic's queues, and when each broker (cluster and address) was last heard from.
 *
 * <p>Registrations add and update topics; they never remove one a broker stopped mentioning, because a broker may
 * split its topics over several registrations or send only the topics that changed (RocketMQ's brokers do both).
 * A topic's queues on a broker name go when that broker name has no address left, or when an operator deletes the
 * topic. Only a master (id 0) registers topics; slaves only add their addresses.
 */
final class RouteTable {
    private record BrokerKey(String cluster, String addr) {
    }

    /** What the table knows of a broker that registered, beyond its address. */
    private static final class LiveBroker {
        private final RemotingConnection connection;
        private final String brokerName;
        private final long timeoutMillis;
        private final DataVersion dataVersion;
        private final String haServerAddr;
        private long lastSeenMillis;

        private LiveBroker(RemotingConnection connection, String brokerName, long timeoutMillis,
                           DataVersion dataVersion, String haServerAddr, long lastSeenMillis) {
            this.connection = connection;
            this.brokerName = brokerName;
            this.timeoutMillis = timeoutMillis;
            this.dataVersion = dataVersion;
            this.haServerAddr = haServerAddr;
            this.lastSeenMillis = lastSeenMillis;
        }
    }

    /** The brokers sharing one broker name. */
    private static final class BrokerGroup {
        private final String cluster;
        private final String brokerName;
        private final TreeMap<Long, String> addrs = new TreeMap<>();
        private String zoneName;
        private boolean enableActingMaster;

        private BrokerGroup(String cluster, String brokerName) {
            this.cluster = cluster;
            this.brokerName = brokerName;
        }

        private BrokerData toData() {
            return new BrokerData(cluster, brokerName, addrs, zoneName, enableActingMaster);
        }
    }

    /** The identity of a broker the table dropped, for the log. */
    record DroppedBroker(String clusterName, String brokerName, String brokerAddr) {
    }

    /** What a registering slave learns of its master; both null for a master. */
    record RegisterOutcome(String masterAddr, String haServerAddr) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, QueueData>> topics = new HashMap<>();
    private final Map<String, BrokerGroup> brokers = new HashMap<>();
    private final Map<String, Set<String>> clusters = new HashMap<>();
    private final Map<BrokerKey, LiveBroker> live = new HashMap<>();
    private final Map<BrokerKey, List<String>> filterServers = new HashMap<>();
    private final Duration defaultTimeout;

    RouteTable(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    RegisterOutcome register(BrokerRegistration registration, RemotingConnection connection, long nowMillis) {
        return write(() -> {
            String cluster = registration.clusterName();
            String name = registration.brokerName();
            String addr = registration.brokerAddr();
            LiveBroker previous = live.get(new BrokerKey(cluster, addr));
            if (previous != null && !previous.brokerName.equals(name)) {
                // The address now goes by another broker name: the old name must not keep it without a live broker.
                removeBroker(cluster, previous.brokerName, addr);
            }
            clusters.computeIfAbsent(cluster, c -> new HashSet<>()).add(name);
            BrokerGroup group = brokers.computeIfAbsent(name, n -> new BrokerGroup(cluster, n));
            group.zoneName = registration.zoneName();
            group.enableActingMaster = Boolean.TRUE.equals(registration.enableActingMaster());
            // One address has one id: a slave promoted to master moves from its old id to 0.
            group.addrs.entrySet().removeIf(e -> e.getValue().equals(addr) && e.getKey() != registration.brokerId());
            group.addrs.put(registration.brokerId(), addr);

            if (registration.isMaster()) {
                for (Map.Entry<String, TopicConfigData> entry
                        : registration.body().topicConfigSerializeWrapper().topicConfigTable().entrySet()) {
                    TopicConfigData config = entry.getValue();
                    String topic = config.topicName() != null ? config.topicName() : entry.getKey();
                    topics.computeIfAbsent(topic, t -> new HashMap<>()).put(name, new QueueData(name,
                            config.readQueueNums(), config.writeQueueNums(), config.perm(), config.topicSysFlag()));
                }
            }

            BrokerKey key = new BrokerKey(cluster, addr);
            long timeout = registration.heartbeatTimeout() != null ? registration.heartbeatTimeout().toMillis()
                    : defaultTimeout.toMillis();
            live.put(key, new LiveBroker(connection, name, timeout,
                    registration.body().topicConfigSerializeWrapper().dataVersion(), registration.haServerAddr(),
                    nowMillis));
            List<String> filters = registration.body().filterServerList();
            if (filters != null) {
                if (filters.isEmpty()) {
                    filterServers.remove(key);
                } else {
                    filterServers.put(key, filters);
                }
            }

            if (registration.isMaster()) {
                return new RegisterOutcome(null, null);
            }
            String masterAddr = group.addrs.get(BrokerRegistration.MASTER_ID);
            LiveBroker master = masterAddr == null ? null : live.get(new BrokerKey(cluster, masterAddr));
            return master == null ? new RegisterOutcome(null, null)
                    : new RegisterOutcome(masterAddr, master.haServerAddr);
        });
    }

    /** Forgets the broker at {@code brokerAddr}; its broker name's topics go when no address of it is left. */
    void unregister(String clusterName, String brokerName, String brokerAddr) {
        write(() -> {
            removeBroker(clusterName, brokerName, brokerAddr);
            return null;
        });
    }

    /** Drops every broker silent for longer than its timeout. */
    List<DroppedBroker> dropSilent(long nowMillis) {
        return write(() -> {
            List<BrokerKey> silent = new ArrayList<>();
            live.forEach((key, broker) -> {
                if (nowMillis - broker.lastSeenMillis > broker.timeoutMillis) {
                    silent.add(key);
                }
            });
            return removeAll(silent);
        });
    }

    /** Drops every broker that registered over {@code connection}, which closed. */
    List<DroppedBroker> connectionClosed(RemotingConnection connection) {
        return write(() -> {
            List<BrokerKey> gone = new ArrayList<>();
            live.forEach((key, broker) -> {
                if (broker.connection == connection) {
                    gone.add(key);
                }
            });
            return removeAll(gone);
        });
    }

    /** Notes that the broker was heard from; false when it is not registered. */
    boolean touch(String clusterName, String brokerAddr, long nowMillis) {
        return write(() -> {
            LiveBroker broker = live.get(new BrokerKey(clusterName, brokerAddr));
            if (broker == null) {
                return false;
            }
            broker.lastSeenMillis = nowMillis;
            return true;
        });
    }

    /** The version of the topics the broker last registered, if it is registered. */
    Optional<DataVersion> dataVersion(String clusterName, String brokerAddr) {
        return read(() -> Optional.ofNullable(live.get(new BrokerKey(clusterName, brokerAddr)))
                .map(broker -> broker.dataVersion));
    }

    /** The route of {@code topic}, or empty when no registered broker holds it. */
    Optional<TopicRouteData> route(String topic) {
        return read(() -> {
            Map<String, QueueData> queues = topics.get(topic);
            if (queues == null || queues.isEmpty()) {
                return Optional.empty();
            }
            List<BrokerData> brokerDatas = new ArrayList<>();
            Map<String, List<String>> filters = new HashMap<>();
            for (String brokerName : new TreeSet<>(queues.keySet())) {
                BrokerGroup group = brokers.get(brokerName);
                if (group == null) {
                    continue;
                }
                brokerDatas.add(group.toData());
                for (String addr : group.addrs.values()) {
                    List<String> servers = filterServers.get(new BrokerKey(group.cluster, addr));
                    if (servers != null) {
                        filters.put(addr, servers);
                    }
                }
            }
            if (brokerDatas.isEmpty()) {
                return Optional.empty();
            }
            List<QueueData> queueDatas = new ArrayList<>(new TreeMap<>(queues).values());
            return Optional.of(new TopicRouteData(null, queueDatas, brokerDatas, filters));
        });
    }

    ClusterInfo clusterInfo() {
        return read(() -> {
            Map<String, BrokerData> brokerTable = new TreeMap<>();
            brokers.forEach((name, group) -> brokerTable.put(name, group.toData()));
            Map<String, Set<String>> clusterTable = new TreeMap<>();
            clusters.forEach((cluster, names) -> clusterTable.put(cluster, new TreeSet<>(names)));
            return new ClusterInfo(brokerTable, clusterTable);
        });
    }

    Set<String> allTopics() {
        return read(() -> new TreeSet<>(topics.keySet()));
    }

    /** Topics with queues on a broker name of {@code clusterName}; empty for an unknown cluster. */
    Set<String> topicsOfCluster(String clusterName) {
        return read(() -> {
            Set<String> names = clusters.getOrDefault(clusterName, Set.of());
            Set<String> result = new TreeSet<>();
            topics.forEach((topic, queues) -> {
                if (queues.keySet().stream().anyMatch(names::contains)) {
                    result.add(topic);
                }
            });
            return result;
        });
    }

    /**
     * Cluster and broker names, which RocketMQ lists as "system topics", with the address of some broker (null when
     * none is registered) to ask for the broker-side system topics.
     */
    TopicList systemTopicList() {
        return read(() -> {
            Set<String> names = new TreeSet<>();
            clusters.forEach((cluster, brokerNames) -> {
                names.add(cluster);
                names.addAll(brokerNames);
            });
            String someAddr = brokers.values().stream().flatMap(g -> g.addrs.values().stream()).findFirst()
                    .orElse(null);
            return new TopicList(names, someAddr);
        });
    }

    /** Removes the topic from every broker; false when it was not there. */
    boolean deleteTopic(String topic) {
        return write(() -> topics.remove(topic) != null);
    }

    /** Removes the topic from the broker names of {@code clusterName}; false when none of them held it. */
    boolean deleteTopic(String topic, String clusterName) {
        return write(() -> {
            Map<String, QueueData> queues = topics.get(topic);
            Set<String> names = clusters.get(clusterName);
            if (queues == null || names == null) {
                return false;
            }
            boolean removed = queues.keySet().removeAll(names);
            if (queues.isEmpty()) {
                topics.remove(topic);
            }
            return removed;
        });
    }

    /**
     * Adds or replaces the queues of {@code topic} on registered broker names (REGISTER_TOPIC_IN_NAMESRV).
     *
     * @throws InvalidRequestException naming a broker that is not registered; nothing is changed then
     */
    void putTopic(String topic, List<QueueData> queueDatas) throws InvalidRequestException {
        String unknown = write(() -> {
            for (QueueData queue : queueDatas) {
                if (!brokers.containsKey(queue.brokerName())) {
                    return queue.brokerName();
                }
            }
            Map<String, QueueData> queues = topics.computeIfAbsent(topic, t -> new HashMap<>());
            queueDatas.forEach(queue -> queues.put(queue.brokerName(), queue));
            return null;
        });
        if (unknown != null) {
            throw new InvalidRequestException("cannot register topic " + topic + " on broker " + unknown
                    + ", which is not registered");
        }
    }

    /** Takes the write permission from every topic on {@code brokerName}; the number of topics changed. */
    int wipeWritePermission(String brokerName) {
        return changePermissions(brokerName, perm -> perm & ~Permission.WRITE);
    }

    /** Gives every topic on {@code brokerName} read and write permission back; the number of topics changed. */
    int addWritePermission(String brokerName) {
        return changePermissions(brokerName, perm -> Permission.READ_WRITE);
    }

    BrokerMemberGroup memberGroup(String clusterName, String brokerName) {
        return read(() -> {
            BrokerGroup group = brokers.get(brokerName);
            return new BrokerMemberGroup(clusterName, brokerName, group == null ? Map.of() : group.addrs);
        });
    }

    private int changePermissions(String brokerName, java.util.function.IntUnaryOperator change) {
        return write(() -> {
            int changed = 0;
            for (Map<String, QueueData> queues : topics.values()) {
                QueueData queue = queues.get(brokerName);
                if (queue != null) {
                    queues.put(brokerName, queue.withPerm(change.applyAsInt(queue.perm())));
                    changed++;
                }
            }
            return changed;
        });
    }

    /** Removes the brokers at {@code keys}, finding each one's broker name by its address. Call with the lock held. */
    private List<DroppedBroker> removeAll(List<BrokerKey> keys) {
        List<DroppedBroker> dropped = new ArrayList<>();
        for (BrokerKey key : keys) {
            String brokerName = live.get(key).brokerName;
            removeBroker(key.cluster(), brokerName, key.addr());
            dropped.add(new DroppedBroker(key.cluster(), brokerName, key.addr()));
        }
        return dropped;
    }

    /**
     * Call with the write lock held. The broker name the address registered under, while it is live, is the one whose
     * address goes (an unregistration naming another is not trusted to leave that one's address behind unwatched).
     */
    private void removeBroker(String clusterName, String namedBrokerName, String brokerAddr) {
        BrokerKey key = new BrokerKey(clusterName, brokerAddr);
        LiveBroker gone = live.remove(key);
        String brokerName = gone != null ? gone.brokerName : namedBrokerName;
        filterServers.remove(key);
        BrokerGroup group = brokerName == null ? null : brokers.get(brokerName);
        if (group == null) {
            return;
        }
        group.addrs.values().removeIf(brokerAddr::equals);
        if (!group.addrs.isEmpty()) {
            // The name stays in this cluster while a broker registered in it under that name is still live.
            boolean stillInCluster = live.entrySet().stream().anyMatch(e -> e.getKey().cluster().equals(clusterName)
                    && e.getValue().brokerName.equals(brokerName));
            if (!stillInCluster) {
                removeFromCluster(clusterName, brokerName);
            }
            return;
        }
        brokers.remove(brokerName);
        // A name registered in several clusters (a misconfiguration, or a hostile peer) leaves every one of them.
        for (String cluster : new ArrayList<>(clusters.keySet())) {
            removeFromCluster(cluster, brokerName);
        }
        topics.values().removeIf(queues -> {
            queues.remove(brokerName);
            return queues.isEmpty();
        });
    }

    /** Call with the write lock held. */
    private void removeFromCluster(String clusterName, String brokerName) {
        Set<String> names = clusters.get(clusterName);
        if (names != null) {
            names.remove(brokerName);
            if (names.isEmpty()) {
                clusters.remove(clusterName);
            }
        }
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
