package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.RequestCode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the requests the fuzzer sends look like when they are well-formed: for each request code Capsule serves, the
 * header field names Apache RocketMQ's request header class for it has (protocol facts, from RocketMQ 5.5.0), the
 * kind of body it carries, and which port serves it. Every other code RocketMQ knows is sent too, with fields
 * borrowed from these, to reach the "not supported" answers.
 */
final class RequestShapes {

    /** Which server a code belongs to. */
    enum Port { NAMESRV, BROKER }

    /** What a well-formed body of a request looks like. */
    enum BodyKind {
        NONE, MESSAGE, MESSAGE_BATCH, HEARTBEAT, LOCK_BATCH, REGISTER_BROKER, SUBSCRIPTION_GROUP, TOPIC_ROUTE,
        TOPIC_CONFIG_LIST, CHECK_CLIENT_CONFIG, DATA_VERSION
    }

    record Shape(int code, Port port, List<String> fields, BodyKind body) {
    }

    /** RocketMQ's NameServer-only codes that have no constant in {@link RequestCode}. */
    static final int GET_BROKER_MEMBER_GROUP = 901;
    static final int BROKER_HEARTBEAT = 904;

    private static final List<String> SEND = List.of("producerGroup", "topic", "defaultTopic",
            "defaultTopicQueueNums", "queueId", "sysFlag", "bornTimestamp", "flag", "properties", "reconsumeTimes",
            "unitMode", "batch", "maxReconsumeTimes");
    /** SEND_MESSAGE_V2's compact names, in SendMessageRequestHeaderV2's order: a = producerGroup ... n = brokerName. */
    private static final List<String> SEND_V2 = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
            "m", "n");
    private static final List<String> PULL = List.of("consumerGroup", "topic", "queueId", "queueOffset",
            "maxMsgNums", "sysFlag", "commitOffset", "suspendTimeoutMillis", "subscription", "subVersion",
            "expressionType", "maxMsgBytes");

    private static final Map<Integer, Shape> SHAPES = new LinkedHashMap<>();

    static {
        broker(RequestCode.SEND_MESSAGE, BodyKind.MESSAGE, SEND);
        broker(RequestCode.SEND_MESSAGE_V2, BodyKind.MESSAGE, SEND_V2);
        broker(RequestCode.SEND_BATCH_MESSAGE, BodyKind.MESSAGE_BATCH, SEND_V2);
        broker(RequestCode.CONSUMER_SEND_MSG_BACK, BodyKind.NONE, List.of("offset", "group", "delayLevel",
                "originMsgId", "originTopic", "unitMode", "maxReconsumeTimes"));
        broker(RequestCode.END_TRANSACTION, BodyKind.NONE, List.of("topic", "producerGroup", "tranStateTableOffset",
                "commitLogOffset", "commitOrRollback", "fromTransactionCheck", "msgId", "transactionId"));
        broker(RequestCode.PULL_MESSAGE, BodyKind.NONE, PULL);
        broker(RequestCode.LITE_PULL_MESSAGE, BodyKind.NONE, PULL);
        broker(RequestCode.POP_MESSAGE, BodyKind.NONE, List.of("consumerGroup", "topic", "queueId", "maxMsgNums",
                "invisibleTime", "pollTime", "bornTime", "initMode", "expType", "exp", "order", "attemptId"));
        broker(RequestCode.ACK_MESSAGE, BodyKind.NONE, List.of("consumerGroup", "topic", "queueId", "extraInfo",
                "offset"));
        broker(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, BodyKind.NONE, List.of("consumerGroup", "topic", "queueId",
                "extraInfo", "offset", "invisibleTime"));
        broker(RequestCode.QUERY_MESSAGE, BodyKind.NONE, List.of("topic", "key", "maxNum", "beginTimestamp",
                "endTimestamp", "indexType", "lastKey"));
        broker(RequestCode.VIEW_MESSAGE_BY_ID, BodyKind.NONE, List.of("topic", "offset"));
        broker(RequestCode.HEART_BEAT, BodyKind.HEARTBEAT, List.of());
        broker(RequestCode.UNREGISTER_CLIENT, BodyKind.NONE, List.of("clientID", "producerGroup", "consumerGroup"));
        broker(RequestCode.GET_CONSUMER_LIST_BY_GROUP, BodyKind.NONE, List.of("consumerGroup"));
        broker(RequestCode.CHECK_CLIENT_CONFIG, BodyKind.CHECK_CLIENT_CONFIG, List.of());
        broker(RequestCode.QUERY_CONSUMER_OFFSET, BodyKind.NONE, List.of("consumerGroup", "topic", "queueId",
                "setZeroIfNotFound"));
        broker(RequestCode.UPDATE_CONSUMER_OFFSET, BodyKind.NONE, List.of("consumerGroup", "topic", "queueId",
                "commitOffset"));
        broker(RequestCode.GET_MAX_OFFSET, BodyKind.NONE, List.of("topic", "queueId", "committed"));
        broker(RequestCode.GET_MIN_OFFSET, BodyKind.NONE, List.of("topic", "queueId"));
        broker(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, BodyKind.NONE, List.of("topic", "queueId", "timestamp",
                "boundaryType"));
        broker(RequestCode.GET_EARLIEST_MSG_STORETIME, BodyKind.NONE, List.of("topic", "queueId"));
        broker(RequestCode.LOCK_BATCH_MQ, BodyKind.LOCK_BATCH, List.of());
        broker(RequestCode.UNLOCK_BATCH_MQ, BodyKind.LOCK_BATCH, List.of());
        broker(RequestCode.UPDATE_AND_CREATE_TOPIC, BodyKind.NONE, List.of("topic", "defaultTopic", "readQueueNums",
                "writeQueueNums", "perm", "topicFilterType", "topicSysFlag", "order", "attributes", "force"));
        broker(RequestCode.DELETE_TOPIC_IN_BROKER, BodyKind.NONE, List.of("topic"));
        broker(RequestCode.GET_ALL_TOPIC_CONFIG, BodyKind.NONE, List.of("topicSeq", "dataVersion", "maxTopicNum"));
        broker(RequestCode.GET_TOPIC_CONFIG, BodyKind.NONE, List.of("topic"));
        broker(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, BodyKind.NONE, List.of("groupSeq", "dataVersion",
                "maxGroupNum"));
        broker(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, BodyKind.SUBSCRIPTION_GROUP, List.of());
        broker(RequestCode.DELETE_SUBSCRIPTIONGROUP, BodyKind.NONE, List.of("groupName", "cleanOffset"));
        broker(RequestCode.GET_BROKER_RUNTIME_INFO, BodyKind.NONE, List.of());
        broker(RequestCode.GET_CONSUME_STATS, BodyKind.NONE, List.of("consumerGroup", "topic", "topicList"));
        broker(RequestCode.GET_TOPIC_STATS_INFO, BodyKind.NONE, List.of("topic"));
        broker(RequestCode.GET_CONSUMER_CONNECTION_LIST, BodyKind.NONE, List.of("consumerGroup"));
        broker(RequestCode.GET_PRODUCER_CONNECTION_LIST, BodyKind.NONE, List.of("producerGroup"));
        broker(RequestCode.GET_CONSUMER_RUNNING_INFO, BodyKind.NONE, List.of("consumerGroup", "clientId",
                "jstackEnable"));
        broker(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, BodyKind.NONE, List.of("group", "topic", "queueId",
                "offset", "timestamp", "isForce"));
        broker(RequestCode.GET_BROKER_CONFIG, BodyKind.NONE, List.of());
        broker(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, BodyKind.NONE, List.of("topic"));
        broker(RequestCode.QUERY_TOPICS_BY_CONSUMER, BodyKind.NONE, List.of("group"));
        broker(RequestCode.UPDATE_AND_CREATE_TOPIC_LIST, BodyKind.TOPIC_CONFIG_LIST, List.of());

        namesrv(RequestCode.REGISTER_BROKER, BodyKind.REGISTER_BROKER, List.of("brokerName", "brokerAddr",
                "clusterName", "haServerAddr", "brokerId", "heartbeatTimeoutMillis", "enableActingMaster",
                "compressed", "bodyCrc32"));
        namesrv(RequestCode.UNREGISTER_BROKER, BodyKind.NONE, List.of("brokerName", "brokerAddr", "clusterName",
                "brokerId"));
        namesrv(RequestCode.QUERY_DATA_VERSION, BodyKind.DATA_VERSION, List.of("brokerName", "brokerAddr",
                "clusterName", "brokerId"));
        namesrv(BROKER_HEARTBEAT, BodyKind.NONE, List.of("clusterName", "brokerAddr", "brokerName", "brokerId",
                "epoch", "maxOffset", "confirmOffset", "heartbeatTimeoutMills", "electionPriority"));
        namesrv(GET_BROKER_MEMBER_GROUP, BodyKind.NONE, List.of("clusterName", "brokerName"));
        namesrv(RequestCode.GET_ROUTEINFO_BY_TOPIC, BodyKind.NONE, List.of("topic", "acceptStandardJsonOnly"));
        namesrv(RequestCode.GET_BROKER_CLUSTER_INFO, BodyKind.NONE, List.of());
        namesrv(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, BodyKind.NONE, List.of());
        namesrv(RequestCode.GET_TOPICS_BY_CLUSTER, BodyKind.NONE, List.of("cluster"));
        namesrv(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, BodyKind.NONE, List.of());
        namesrv(RequestCode.WIPE_WRITE_PERM_OF_BROKER, BodyKind.NONE, List.of("brokerName"));
        namesrv(RequestCode.ADD_WRITE_PERM_OF_BROKER, BodyKind.NONE, List.of("brokerName"));
        namesrv(RequestCode.DELETE_TOPIC_IN_NAMESRV, BodyKind.NONE, List.of("topic", "clusterName"));
        namesrv(RequestCode.REGISTER_TOPIC_IN_NAMESRV, BodyKind.TOPIC_ROUTE, List.of("topic"));
        namesrv(RequestCode.PUT_KV_CONFIG, BodyKind.NONE, List.of("namespace", "key", "value"));
        namesrv(RequestCode.GET_KV_CONFIG, BodyKind.NONE, List.of("namespace", "key"));
        namesrv(RequestCode.DELETE_KV_CONFIG, BodyKind.NONE, List.of("namespace", "key"));
        namesrv(RequestCode.GET_KVLIST_BY_NAMESPACE, BodyKind.NONE, List.of("namespace"));
    }

    /** Every field name of every shape, for requests whose code has no shape. */
    static final List<String> ALL_FIELDS = SHAPES.values().stream().flatMap(s -> s.fields().stream()).distinct()
            .toList();

    /** Every code RocketMQ 5.5.0 knows that {@link RequestCode} lists, and the NameServer's two others. */
    static final int[] KNOWN_CODES = knownCodes();

    private RequestShapes() {
    }

    private static void broker(int code, BodyKind body, List<String> fields) {
        SHAPES.put(code, new Shape(code, Port.BROKER, fields, body));
    }

    private static void namesrv(int code, BodyKind body, List<String> fields) {
        SHAPES.put(code, new Shape(code, Port.NAMESRV, fields, body));
    }

    /** The shapes served on {@code port}. */
    static List<Shape> servedOn(Port port) {
        return SHAPES.values().stream().filter(s -> s.port() == port).toList();
    }

    /** The shape of {@code code}, or null for a code no server of ours takes. */
    static Shape of(int code) {
        return SHAPES.get(code);
    }

    private static int[] knownCodes() {
        List<Integer> codes = new ArrayList<>();
        for (Field field : RequestCode.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    codes.add(field.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read RequestCode." + field.getName(), e);
                }
            }
        }
        codes.add(GET_BROKER_MEMBER_GROUP);
        codes.add(BROKER_HEARTBEAT);
        return codes.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
}
