package io.capsulemq.broker.registration;

import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.RegisterBrokerBody;
import io.capsulemq.broker.namesrv.wire.TopicConfigData;
import io.capsulemq.broker.namesrv.wire.TopicConfigSerializeWrapper;
import io.capsulemq.broker.namesrv.wire.WireJson;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cuts a set of topics into REGISTER_BROKER bodies of at most a given size (RocketMQ 5's brokers split a large
 * registration the same way, by count, when {@code enableSplitRegistration} is on; we split by size, so a frame
 * never exceeds the limit whatever the topic names). Each body carries its own data version: a NameServer rewrites a
 * broker's known topics only when the version differs from the one it last saw, so bodies sharing one version would
 * leave changes in all but the first unapplied.
 *
 * <p>A first body carrying exactly one topic is preceded by an empty one, because RocketMQ's NameServer refuses a
 * one-topic registration from a broker it does not know yet (it takes it for an incremental update that came first).
 */
final class RegistrationFrames {
    /** Room for the body's fixed parts around the topic table: field names, the data version, brackets. */
    private static final int ENVELOPE_BYTES = 256;

    private RegistrationFrames() {
    }

    /** The bodies registering {@code topics}, in order; one empty body when there are no topics. */
    static List<byte[]> bodies(Collection<TopicConfig> topics, int maxBodyBytes, Supplier<DataVersion> versions) {
        int budget = maxBodyBytes - ENVELOPE_BYTES;
        List<Map<String, TopicConfigData>> chunks = new ArrayList<>();
        Map<String, TopicConfigData> chunk = new LinkedHashMap<>();
        int chunkBytes = 0;
        for (TopicConfig topic : topics) {
            TopicConfigData data = toWire(topic);
            int entryBytes = entryBytes(data);
            if (entryBytes > budget) {
                throw new IllegalArgumentException("topic " + topic.topicName() + " alone needs " + entryBytes
                        + " bytes, more than a registration frame of " + maxBodyBytes + " bytes may carry");
            }
            if (!chunk.isEmpty() && chunkBytes + entryBytes > budget) {
                chunks.add(chunk);
                chunk = new LinkedHashMap<>();
                chunkBytes = 0;
            }
            chunk.put(data.topicName(), data);
            chunkBytes += entryBytes;
        }
        if (!chunk.isEmpty() || chunks.isEmpty()) {
            chunks.add(chunk);
        }
        if (chunks.get(0).size() == 1) {
            chunks.add(0, Map.of());
        }
        List<byte[]> bodies = new ArrayList<>(chunks.size());
        for (Map<String, TopicConfigData> table : chunks) {
            bodies.add(WireJson.encode(new RegisterBrokerBody(
                    new TopicConfigSerializeWrapper(table, versions.get()), List.of())));
        }
        return bodies;
    }

    /** An engine topic as RocketMQ's TopicConfig: its type in the RocketMQ 5 attribute, the one filter type. */
    static TopicConfigData toWire(TopicConfig topic) {
        return new TopicConfigData(topic.topicName(), topic.readQueueNums(), topic.writeQueueNums(), topic.perm(),
                TopicConfigData.SINGLE_TAG, 0, false,
                Map.of(TopicConfigData.MESSAGE_TYPE_ATTRIBUTE, topic.messageType().name()));
    }

    /** What one topic adds to the body: its quoted name, a colon, its JSON and a comma. */
    private static int entryBytes(TopicConfigData data) {
        return WireJson.encode(data.topicName()).length + 1 + WireJson.encode(data).length + 1;
    }
}
