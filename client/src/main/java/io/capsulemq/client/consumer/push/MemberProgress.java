package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.QueueRef;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broadcasting member's own positions: every member consumes every message, so none of them may move the
 * group's offsets. Kept in memory for the consumer's lifetime; as with RocketMQ's broadcasting consumers, a member
 * started again starts where its group's settings say (by default at the end of each queue).
 */
final class MemberProgress implements Progress {
    private final Map<QueueRef, Long> positions = new ConcurrentHashMap<>();

    @Override
    public OptionalLong position(QueueRef queue) {
        Long at = positions.get(queue);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    @Override
    public void save(QueueRef queue, long offset) {
        positions.put(queue, offset);
    }
}
