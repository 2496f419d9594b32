package io.capsulemq.broker.server.body;

import java.util.Set;

/** Topic names and the broker that answered (RocketMQ's {@code TopicList}). */
public record TopicListBody(Set<String> topicList, String brokerAddr) {
}
