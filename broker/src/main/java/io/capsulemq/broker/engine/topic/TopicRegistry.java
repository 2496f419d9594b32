package io.capsulemq.broker.engine.topic;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.persist.JsonStateFile;
import io.capsulemq.broker.store.message.TopicNames;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The broker's topics, kept in {@code topics.json}. Every change is written before it is acknowledged; changes are
 * rare, so writing the whole file each time is simpler than a log and cheap enough.
 */
public final class TopicRegistry {
    private static final System.Logger LOG = System.getLogger(TopicRegistry.class.getName());
    /**
     * The most read or write queues a topic may have. Apache RocketMQ sets no limit; a topic created with millions of
     * queues (one request can ask for that) makes every per-queue listing of it exhaust the heap. Real topics have a
     * handful to a few hundred.
     */
    public static final int MAX_QUEUES = 1024;

    private final JsonStateFile<Map<String, TopicConfig>> file;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final List<Consumer<TopicConfig>> listeners = new CopyOnWriteArrayList<>();
    private final int defaultQueueNums;
    private final boolean autoCreate;

    public TopicRegistry(Path configDir, int defaultQueueNums, boolean autoCreate) {
        this.file = JsonStateFile.ofMap(configDir.resolve("topics.json"), TopicConfig.class);
        this.defaultQueueNums = defaultQueueNums;
        this.autoCreate = autoCreate;
        file.read().ifPresent(topics::putAll);
    }

    public Optional<TopicConfig> find(String topic) {
        return Optional.ofNullable(topics.get(topic));
    }

    public Collection<TopicConfig> all() {
        List<TopicConfig> list = new ArrayList<>(topics.values());
        list.sort(Comparator.comparing(TopicConfig::topicName));
        return list;
    }

    public boolean autoCreateEnabled() {
        return autoCreate;
    }

    /** Creates or replaces a topic. A bad name, or more queues than {@link #MAX_QUEUES}, is refused with the reason. */
    public synchronized TopicConfig createOrUpdate(TopicConfig config) {
        String problem = TopicNames.problemWith(config.topicName());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (config.readQueueNums() > MAX_QUEUES || config.writeQueueNums() > MAX_QUEUES) {
            throw new IllegalArgumentException("topic " + config.topicName() + " asks for "
                    + config.readQueueNums() + " read and " + config.writeQueueNums() + " write queues; at most "
                    + MAX_QUEUES + " are allowed");
        }
        TopicConfig previous = topics.put(config.topicName(), config);
        if (!config.equals(previous)) {
            persist();
            LOG.log(System.Logger.Level.INFO, "topic {0}: {1}", previous == null ? "created" : "updated", config);
            listeners.forEach(l -> l.accept(config));
        }
        return config;
    }

    /**
     * The topic a producer sends to: existing, or created on first send when auto-creation is on, taking the type of
     * that first message.
     */
    public TopicConfig findOrAutoCreate(String topic, MessageType firstMessageType) {
        return findOrAutoCreate(topic, firstMessageType, defaultQueueNums);
    }

    /** As {@link #findOrAutoCreate(String, MessageType)}, a topic created now getting {@code queues} queues. */
    public TopicConfig findOrAutoCreate(String topic, MessageType firstMessageType, int queues) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        if (!autoCreate) {
            throw new BrokerException(BrokerException.Reason.TOPIC_NOT_EXIST,
                    "topic " + topic + " does not exist and auto-creation is off");
        }
        synchronized (this) {
            existing = topics.get(topic);
            return existing != null ? existing
                    : createOrUpdate(TopicConfig.of(topic, queues, firstMessageType));
        }
    }

    /** A topic the broker itself needs (system, retry, dead-letter), created with {@code queues} if missing. */
    public TopicConfig ensure(String topic, int queues, int perm) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = topics.get(topic);
            return existing != null ? existing
                    : createOrUpdate(new TopicConfig(topic, queues, queues, perm, MessageType.MIXED));
        }
    }

    public synchronized boolean delete(String topic) {
        boolean removed = topics.remove(topic) != null;
        if (removed) {
            persist();
            LOG.log(System.Logger.Level.INFO, "topic deleted: {0}", topic);
        }
        return removed;
    }

    /** Told of every topic created or changed (the NameServer registration follows it). */
    public void addListener(Consumer<TopicConfig> listener) {
        listeners.add(listener);
    }

    private void persist() {
        file.write(new TreeMap<>(topics));
    }
}
