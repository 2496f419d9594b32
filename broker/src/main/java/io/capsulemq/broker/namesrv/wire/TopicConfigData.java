package io.capsulemq.broker.namesrv.wire;

import java.util.Map;

/**
 * One topic's configuration as a broker registers it (RocketMQ's TopicConfig JSON). {@code attributes} holds the
 * RocketMQ 5 topic attributes, the message type under {@value #MESSAGE_TYPE_ATTRIBUTE}.
 */
public record TopicConfigData(String topicName, int readQueueNums, int writeQueueNums, int perm,
                              String topicFilterType, int topicSysFlag, boolean order,
                              Map<String, String> attributes) {
    /** The attribute naming a RocketMQ 5 topic's message type (NORMAL, FIFO, DELAY, TRANSACTION, MIXED). */
    public static final String MESSAGE_TYPE_ATTRIBUTE = "message.type";
    /** The only filter type RocketMQ has. */
    public static final String SINGLE_TAG = "SINGLE_TAG";

    public TopicConfigData {
        if (topicFilterType == null) {
            topicFilterType = SINGLE_TAG;
        }
        attributes = attributes == null ? Map.of() : attributes.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
