package io.capsulemq.broker.namesrv.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker's topics and the version they are at (RocketMQ's TopicConfigSerializeWrapper). RocketMQ 5 brokers also
 * send static-topic mapping tables here; Capsule has no static topics and skips them when reading.
 */
public record TopicConfigSerializeWrapper(Map<String, TopicConfigData> topicConfigTable, DataVersion dataVersion) {
    public TopicConfigSerializeWrapper {
        topicConfigTable = topicConfigTable == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(topicConfigTable));
        if (dataVersion == null) {
            dataVersion = DataVersion.NONE;
        }
    }
}
