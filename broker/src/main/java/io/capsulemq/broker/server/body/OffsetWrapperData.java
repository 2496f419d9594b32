package io.capsulemq.broker.server.body;

/**
 * A consumer group's position on one queue in consume stats (RocketMQ's {@code OffsetWrapper}): the queue's end,
 * the group's committed offset, the store time of the last message it consumed, and the offset it pulled to.
 */
public record OffsetWrapperData(long brokerOffset, long consumerOffset, long pullOffset, long lastTimestamp) {
}
