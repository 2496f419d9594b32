package io.capsulemq.broker.server.body;

import java.util.Map;

/** Every topic of the broker (RocketMQ's {@code TopicConfigSerializeWrapper}). */
public record TopicConfigTableBody(DataVersion dataVersion, Map<String, TopicConfigData> topicConfigTable) {
}
