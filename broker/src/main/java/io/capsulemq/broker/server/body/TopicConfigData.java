package io.capsulemq.broker.server.body;

import java.util.Map;

/**
 * A topic's configuration as RocketMQ's {@code TopicConfig} has it; the message type is the attribute
 * {@code message.type}.
 */
public record TopicConfigData(String topicName, int readQueueNums, int writeQueueNums, int perm,
                              String topicFilterType, int topicSysFlag, boolean order, Map<String, String> attributes) {
}
