package io.capsulemq.broker.server.body;

/** RocketMQ's {@code MessageQueue} in a body: a queue of a topic on a named broker. */
public record MessageQueueData(String topic, String brokerName, int queueId) {
}
