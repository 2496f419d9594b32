package io.capsulemq.broker.namesrv.wire;

import java.util.Set;

/**
 * A set of topic names (RocketMQ's TopicList). {@code brokerAddr} is set only in the answer to
 * GET_SYSTEM_TOPIC_LIST_FROM_NS, where it names a broker to ask for the system topics themselves.
 */
public record TopicList(Set<String> topicList, String brokerAddr) {
    public TopicList {
        topicList = topicList == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(topicList));
    }

    public static TopicList of(Set<String> topics) {
        return new TopicList(topics, null);
    }
}
