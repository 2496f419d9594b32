package io.capsulemq.broker.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The next offset of every queue, as the appender assigns them. Only touched under the append lock, so a plain
 * map; rebuilt from the consume queues at open.
 */
final class QueueOffsets {
    private final Map<QueueKey, long[]> next = new HashMap<>();

    long peek(String topic, int queueId) {
        long[] slot = next.get(new QueueKey(topic, queueId));
        return slot == null ? 0 : slot[0];
    }

    void advance(String topic, int queueId, int count) {
        next.computeIfAbsent(new QueueKey(topic, queueId), k -> new long[1])[0] += count;
    }

    void set(String topic, int queueId, long offset) {
        next.computeIfAbsent(new QueueKey(topic, queueId), k -> new long[1])[0] = offset;
    }

    private record QueueKey(String topic, int queueId) {
    }

    void removeTopic(String topic) {
        next.keySet().removeIf(k -> k.topic().equals(topic));
    }
}
