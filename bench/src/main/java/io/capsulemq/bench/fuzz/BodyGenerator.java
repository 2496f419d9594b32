package io.capsulemq.bench.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.DeflaterOutputStream;

/**
 * Request bodies: for each kind a well-formed example in RocketMQ's layout (JSON as its clients write it, the batch
 * and compressed-registration binary layouts), then, most of the time, broken on purpose: JSON values swapped for
 * values of other types, fields dropped or renamed, deep nesting, bytes flipped; binary lengths set to the values
 * that trip length checks.
 */
final class BodyGenerator {
    /** Writes what it is given however deep: the nesting limit is the reader's to enforce. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Keys that RocketMQ's bodies use, for renamed and added members. */
    private static final List<String> KEYS = List.of("clientID", "clientId", "producerDataSet", "consumerDataSet",
            "groupName", "consumeType", "messageModel", "consumeFromWhere", "subscriptionDataSet", "topic",
            "subString", "tagsSet", "codeSet", "subVersion", "expressionType", "mqSet", "consumerGroup",
            "brokerName", "queueId", "topicConfigSerializeWrapper", "topicConfigTable", "dataVersion", "timestamp",
            "counter", "filterServerList", "readQueueNums", "writeQueueNums", "perm", "topicSysFlag", "order",
            "attributes", "queueDatas", "brokerDatas", "brokerAddrs", "cluster", "retryMaxTimes", "retryQueueNums",
            "consumeEnable", "brokerId", "topicConfigList", "topicName", "subscriptionData", "group", "unitMode",
            "withoutSub", "heartbeatFingerprint", "onlyThisBroker", "stateVersion");

    private final SplittableRandom random;
    private final FieldValues values;
    private final ByteMutator bytes;

    BodyGenerator(SplittableRandom random, FieldValues values, ByteMutator bytes) {
        this.random = random;
        this.values = values;
        this.bytes = bytes;
    }

    /** A body for a request that should carry {@code kind}: well-formed about a third of the time. */
    byte[] body(RequestShapes.BodyKind kind) {
        int roll = random.nextInt(12);
        if (roll == 0) {
            return new byte[0];
        }
        if (roll == 1) {
            return bytes.randomBytes(random.nextInt(2_048));
        }
        boolean mutate = roll >= 6;
        byte[] body = switch (kind) {
            case NONE -> random.nextBoolean() ? new byte[0] : bytes.randomBytes(random.nextInt(256));
            case MESSAGE -> bytes.randomBytes(random.nextInt(4) == 0 ? random.nextInt(64 * 1024) : random.nextInt(512));
            case MESSAGE_BATCH -> batch(mutate);
            case REGISTER_BROKER -> random.nextInt(3) == 0 ? compressedRegistration(mutate)
                    : json(registerBroker(), mutate);
            case HEARTBEAT -> json(heartbeat(), mutate);
            case LOCK_BATCH -> json(lockBatch(), mutate);
            case SUBSCRIPTION_GROUP -> json(subscriptionGroup(), mutate);
            case TOPIC_ROUTE -> json(topicRoute(), mutate);
            case TOPIC_CONFIG_LIST -> json(topicConfigList(), mutate);
            case CHECK_CLIENT_CONFIG -> json(checkClientConfig(), mutate);
            case DATA_VERSION -> json(dataVersion(), mutate);
        };
        if (random.nextInt(10) == 0) {
            body = bytes.mutate(body);
        }
        return body;
    }

    // ---- well-formed examples ----

    private ObjectNode heartbeat() {
        ObjectNode heartbeat = NODES.objectNode().put("clientID", "fuzz@" + random.nextInt(100));
        ArrayNode producers = heartbeat.putArray("producerDataSet");
        for (int i = random.nextInt(3); i > 0; i--) {
            producers.addObject().put("groupName", values.pick(FieldValues.GROUPS));
        }
        ArrayNode consumers = heartbeat.putArray("consumerDataSet");
        for (int i = random.nextInt(3); i > 0; i--) {
            ObjectNode consumer = consumers.addObject()
                    .put("groupName", values.pick(FieldValues.GROUPS))
                    .put("consumeType", values.pick(List.of("CONSUME_PASSIVELY", "CONSUME_ACTIVELY", "CONSUME_POP")))
                    .put("messageModel", values.pick(List.of("CLUSTERING", "BROADCASTING")))
                    .put("consumeFromWhere", values.pick(List.of("CONSUME_FROM_LAST_OFFSET",
                            "CONSUME_FROM_FIRST_OFFSET", "CONSUME_FROM_TIMESTAMP")))
                    .put("unitMode", false);
            ArrayNode subscriptions = consumer.putArray("subscriptionDataSet");
            for (int s = random.nextInt(3); s > 0; s--) {
                subscriptions.add(subscription());
            }
        }
        heartbeat.put("heartbeatFingerprint", random.nextInt()).put("withoutSub", random.nextInt(5) == 0);
        return heartbeat;
    }

    private ObjectNode subscription() {
        boolean sql = random.nextInt(3) == 0;
        ObjectNode subscription = NODES.objectNode()
                .put("classFilterMode", false)
                .put("topic", values.pick(FieldValues.TOPICS))
                .put("subString", values.value("subscription", false))
                .put("subVersion", System.currentTimeMillis())
                .put("expressionType", sql ? "SQL92" : "TAG");
        ArrayNode tags = subscription.putArray("tagsSet");
        ArrayNode codes = subscription.putArray("codeSet");
        for (int t = random.nextInt(3); t > 0; t--) {
            String tag = "Tag" + (char) ('A' + random.nextInt(4));
            tags.add(tag);
            codes.add(tag.hashCode());
        }
        return subscription;
    }

    private ObjectNode lockBatch() {
        ObjectNode lock = NODES.objectNode()
                .put("consumerGroup", values.pick(FieldValues.GROUPS))
                .put("clientId", "fuzz@" + random.nextInt(100))
                .put("onlyThisBroker", random.nextBoolean());
        ArrayNode queues = lock.putArray("mqSet");
        for (int i = random.nextInt(5); i > 0; i--) {
            queues.addObject().put("topic", values.pick(FieldValues.TOPICS))
                    .put("brokerName", values.pick(FieldValues.BROKERS)).put("queueId", random.nextInt(8));
        }
        return lock;
    }

    private ObjectNode topicConfig(String name) {
        return NODES.objectNode().put("topicName", name).put("readQueueNums", 1 + random.nextInt(8))
                .put("writeQueueNums", 1 + random.nextInt(8)).put("perm", 6)
                .put("topicFilterType", "SINGLE_TAG").put("topicSysFlag", 0).put("order", false);
    }

    private ObjectNode dataVersion() {
        return NODES.objectNode().put("timestamp", System.currentTimeMillis()).put("counter", random.nextInt(100))
                .put("stateVersion", 0);
    }

    private ObjectNode registerBroker() {
        ObjectNode body = NODES.objectNode();
        ObjectNode wrapper = body.putObject("topicConfigSerializeWrapper");
        ObjectNode table = wrapper.putObject("topicConfigTable");
        for (int i = random.nextInt(4); i > 0; i--) {
            String topic = values.pick(FieldValues.TOPICS);
            table.set(topic, topicConfig(topic));
        }
        wrapper.set("dataVersion", dataVersion());
        body.putArray("filterServerList");
        return body;
    }

    private ObjectNode subscriptionGroup() {
        return NODES.objectNode().put("groupName", values.pick(FieldValues.GROUPS)).put("consumeEnable", true)
                .put("consumeFromMinEnable", true).put("consumeBroadcastEnable", true)
                .put("retryQueueNums", 1).put("retryMaxTimes", random.nextInt(20)).put("brokerId", 0)
                .put("whichBrokerWhenConsumeSlowly", 1).put("notifyConsumerIdsChangedEnable", true);
    }

    private ObjectNode topicRoute() {
        ObjectNode route = NODES.objectNode();
        route.putArray("queueDatas").addObject().put("brokerName", values.pick(FieldValues.BROKERS))
                .put("readQueueNums", 4).put("writeQueueNums", 4).put("perm", 6).put("topicSysFlag", 0);
        ObjectNode broker = route.putArray("brokerDatas").addObject()
                .put("cluster", values.pick(FieldValues.CLUSTERS)).put("brokerName", values.pick(FieldValues.BROKERS));
        broker.putObject("brokerAddrs").put("0", values.pick(FieldValues.ADDRESSES));
        return route;
    }

    private ObjectNode topicConfigList() {
        ObjectNode body = NODES.objectNode();
        ArrayNode list = body.putArray("topicConfigList");
        for (int i = random.nextInt(4); i > 0; i--) {
            list.add(topicConfig(values.pick(FieldValues.TOPICS)));
        }
        return body;
    }

    private ObjectNode checkClientConfig() {
        ObjectNode body = NODES.objectNode().put("clientId", "fuzz@" + random.nextInt(100))
                .put("group", values.pick(FieldValues.GROUPS));
        body.set("subscriptionData", subscription());
        return body;
    }

    /** A batch body: entries of {@code MessageLayout}'s batch layout, lengths broken when {@code mutate}. */
    private byte[] batch(boolean mutate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            byte[] body = bytes.randomBytes(random.nextInt(200));
            byte[] properties = values.properties().getBytes(StandardCharsets.UTF_8);
            if (properties.length > Short.MAX_VALUE) {
                properties = new byte[0];
            }
            int total = 20 + body.length + 2 + properties.length;
            ByteBuffer entry = ByteBuffer.allocate(total);
            entry.putInt(mutate && random.nextInt(3) == 0 ? bytes.interestingInt(total) : total)
                    .putInt(0).putInt(0).putInt(random.nextInt(4))
                    .putInt(mutate && random.nextInt(3) == 0 ? bytes.interestingInt(body.length) : body.length)
                    .put(body)
                    .putShort((short) (mutate && random.nextInt(3) == 0 ? bytes.interestingInt(properties.length)
                            : properties.length))
                    .put(properties);
            out.writeBytes(entry.array());
        }
        return out.toByteArray();
    }

    /**
     * RocketMQ's compressed registration: a zlib stream of length-prefixed parts (data version JSON, topic count,
     * each topic as text, filter-server list JSON). When {@code mutate}, lengths and counts lie before compressing, so
     * the NameServer meets them only after inflating.
     */
    private byte[] compressedRegistration(boolean mutate) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(compressed))) {
            part(out, JSON.writeValueAsBytes(dataVersion()), mutate);
            int topics = random.nextInt(4);
            out.writeInt(mutate && random.nextInt(4) == 0 ? bytes.interestingInt(topics) : topics);
            for (int i = 0; i < topics; i++) {
                String text = values.pick(FieldValues.TOPICS) + " " + (1 + random.nextInt(8)) + " "
                        + (1 + random.nextInt(8)) + " 6 SINGLE_TAG" + (random.nextBoolean() ? " {}" : "");
                part(out, (mutate && random.nextInt(4) == 0 ? values.garbage() : text)
                        .getBytes(StandardCharsets.UTF_8), mutate);
            }
            part(out, "[]".getBytes(StandardCharsets.UTF_8), mutate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private void part(DataOutputStream out, byte[] part, boolean mutate) throws IOException {
        out.writeInt(mutate && random.nextInt(4) == 0 ? bytes.interestingInt(part.length) : part.length);
        out.write(part);
    }

    // ---- JSON mutation ----

    private byte[] json(ObjectNode example, boolean mutate) {
        JsonNode body = example;
        if (mutate) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                body = mutate(body);
            }
        }
        try {
            byte[] text = JSON.writeValueAsBytes(body);
            return mutate && random.nextInt(6) == 0 ? bytes.mutate(text) : text;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code node} with one of its members or elements, at any depth, replaced, removed or added. */
    private JsonNode mutate(JsonNode node) {
        if (random.nextInt(8) == 0 || !node.isContainerNode() || node.isEmpty()) {
            return randomValue(3);
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(5)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(values.pick(KEYS), randomValue(2));
                case 2 -> object.set(values.garbage(), object.remove(name));
                default -> object.set(name, mutate(object.get(name)));
            }
            return object;
        }
        ArrayNode array = (ArrayNode) node;
        int index = random.nextInt(array.size());
        switch (random.nextInt(4)) {
            case 0 -> array.remove(index);
            case 1 -> array.add(randomValue(2));
            case 2 -> array.addNull();
            default -> array.set(index, mutate(array.get(index)));
        }
        return array;
    }

    private JsonNode randomValue(int depth) {
        switch (random.nextInt(depth > 0 ? 11 : 8)) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(random.nextBoolean());
            case 2: return NODES.numberNode(random.nextLong());
            case 3: return NODES.numberNode(Integer.parseInt(values.smallInt()));
            case 4: return NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 5: return NODES.numberNode(random.nextDouble() * 1e300);
            case 6: return NODES.textNode(values.garbage());
            case 7: return deep(1 + random.nextInt(random.nextInt(10) == 0 ? 3_000 : 50));
            case 8: {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth - 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(values.pick(KEYS), randomValue(depth - 1));
                }
                return object;
            }
        }
    }

    /** Arrays nested {@code depth} deep: parsers with no nesting limit overflow their stack on these. */
    private static JsonNode deep(int depth) {
        JsonNode node = NODES.arrayNode();
        for (int i = 1; i < depth; i++) {
            ArrayNode outer = NODES.arrayNode();
            outer.add(node);
            node = outer;
        }
        return node;
    }
}
