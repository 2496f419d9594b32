package io.capsulemq.broker.server.body;

/** One queue's bounds in topic stats (RocketMQ's {@code TopicOffset}). */
public record TopicOffsetData(long minOffset, long maxOffset, long lastUpdateTimestamp) {
}
