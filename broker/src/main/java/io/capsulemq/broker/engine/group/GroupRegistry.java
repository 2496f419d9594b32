package io.capsulemq.broker.engine.group;

import io.capsulemq.broker.engine.persist.JsonStateFile;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Consumer groups' settings, kept in {@code subscriptionGroups.json}; created on first use when allowed. */
public final class GroupRegistry {
    private final JsonStateFile<Map<String, GroupConfig>> file;
    private final Map<String, GroupConfig> groups = new ConcurrentHashMap<>();
    private final boolean autoCreate;

    public GroupRegistry(Path configDir, boolean autoCreate) {
        this.file = JsonStateFile.ofMap(configDir.resolve("subscriptionGroups.json"), GroupConfig.class);
        this.autoCreate = autoCreate;
        file.read().ifPresent(groups::putAll);
    }

    public Optional<GroupConfig> find(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    /** The group's settings, created with defaults when auto-creation is on; refused otherwise. */
    public GroupConfig findOrAutoCreate(String group) {
        GroupConfig existing = groups.get(group);
        if (existing != null) {
            return existing;
        }
        if (!autoCreate) {
            throw new IllegalArgumentException("consumer group " + group
                    + " does not exist and auto-creation of groups is off");
        }
        synchronized (this) {
            existing = groups.get(group);
            return existing != null ? existing : createOrUpdate(GroupConfig.defaults(group));
        }
    }

    /**
     * The settings of a group whose consumers subscribe to {@code topics}, created on first use when auto-creation
     * is on. For convenience a group created so consumes in order when one of its topics is a FIFO topic. Creation
     * waits until every subscribed topic exists (empty until then), so that a group subscribing before its FIFO
     * topic's first message is not fixed as unordered; retry and dead-letter topics are not waited for. Empty too
     * when the group does not exist and auto-creation is off. An existing group is returned as it is.
     */
    public Optional<GroupConfig> findOrAutoCreateFor(String group, Collection<String> topics, TopicRegistry registry) {
        GroupConfig existing = groups.get(group);
        if (existing != null || !autoCreate) {
            return Optional.ofNullable(existing);
        }
        boolean orderly = false;
        for (String topic : topics) {
            if (SystemTopics.isRetry(topic) || SystemTopics.isDeadLetter(topic)) {
                continue;
            }
            Optional<TopicConfig> config = registry.find(topic);
            if (config.isEmpty()) {
                return Optional.empty();
            }
            orderly |= config.get().messageType() == MessageType.FIFO;
        }
        synchronized (this) {
            existing = groups.get(group);
            return Optional.of(existing != null ? existing
                    : createOrUpdate(GroupConfig.defaults(group).withOrderly(orderly)));
        }
    }

    /** Creates or replaces a group; a name RocketMQ would not accept is refused with the reason. */
    public synchronized GroupConfig createOrUpdate(GroupConfig config) {
        String problem = GroupNames.problemWith(config.groupName());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!config.equals(groups.put(config.groupName(), config))) {
            persist();
        }
        return config;
    }

    public synchronized boolean delete(String group) {
        boolean removed = groups.remove(group) != null;
        if (removed) {
            persist();
        }
        return removed;
    }

    public Collection<GroupConfig> all() {
        List<GroupConfig> list = new ArrayList<>(groups.values());
        list.sort(Comparator.comparing(GroupConfig::groupName));
        return list;
    }

    private void persist() {
        file.write(new TreeMap<>(groups));
    }
}
