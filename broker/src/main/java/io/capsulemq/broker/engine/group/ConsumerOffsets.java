package io.capsulemq.broker.engine.group;

import io.capsulemq.broker.engine.persist.JsonStateFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Committed consume offsets per (group, topic, queue), kept in {@code consumerOffset.json} as RocketMQ keys them
 * ({@code topic@group}). Commits are in memory and written by {@link #persist()} on a timer and at shutdown; after a
 * crash a group resumes from the last written offsets, so it may see some messages again (at least once), never
 * skip one.
 */
public final class ConsumerOffsets {
    private static final String SEPARATOR = "@";

    private final JsonStateFile<OffsetTable> file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> table = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    /** The file's shape: {@code {"offsetTable": {"topic@group": {"0": 12}}}}, as RocketMQ writes it. */
    public record OffsetTable(Map<String, Map<Integer, Long>> offsetTable) {
    }

    public ConsumerOffsets(Path configDir) {
        this.file = JsonStateFile.of(configDir.resolve("consumerOffset.json"), OffsetTable.class);
        file.read().ifPresent(t -> {
            if (t.offsetTable() != null) {
                t.offsetTable().forEach((key, queues) -> table.put(key, new ConcurrentHashMap<>(queues)));
            }
        });
    }

    private static String key(String group, String topic) {
        return topic + SEPARATOR + group;
    }

    public void commit(String group, String topic, int queueId, long offset) {
        table.computeIfAbsent(key(group, topic), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        dirty = true;
    }

    public OptionalLong committed(String group, String topic, int queueId) {
        Map<Integer, Long> queues = table.get(key(group, topic));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** Offsets of a group on a topic, by queue id. */
    public Map<Integer, Long> committed(String group, String topic) {
        Map<Integer, Long> queues = table.get(key(group, topic));
        return queues == null ? Map.of() : new TreeMap<>(queues);
    }

    /** The groups with an offset on this topic. */
    public Set<String> groupsOf(String topic) {
        String suffix = topic + SEPARATOR;
        return table.keySet().stream().filter(k -> k.startsWith(suffix))
                .map(k -> k.substring(suffix.length())).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The topics this group has offsets on. */
    public Set<String> topicsOf(String group) {
        String suffix = SEPARATOR + group;
        return table.keySet().stream().filter(k -> k.endsWith(suffix))
                .map(k -> k.substring(0, k.length() - suffix.length()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    public void removeGroup(String group) {
        String suffix = SEPARATOR + group;
        if (table.keySet().removeIf(k -> k.endsWith(suffix))) {
            dirty = true;
        }
    }

    public void removeTopic(String topic) {
        String prefix = topic + SEPARATOR;
        if (table.keySet().removeIf(k -> k.startsWith(prefix))) {
            dirty = true;
        }
    }

    /** Writes the table if anything changed since the last write. */
    public synchronized void persist() {
        if (!dirty) {
            return;
        }
        dirty = false;
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        table.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        file.write(new OffsetTable(copy));
    }
}
