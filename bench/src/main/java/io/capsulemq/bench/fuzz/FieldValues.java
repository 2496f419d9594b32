package io.capsulemq.bench.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Values for request header fields: mostly what the field could plausibly hold (so that requests get past the first
 * check and into the engine), sometimes garbage of every sort (empty, huge, control characters, lone surrogates,
 * numbers that overflow). Names of topics, groups and brokers come from small pools that never include the names the
 * well-formed client uses, so the fuzzer cannot legitimately delete or disable what that client relies on.
 */
final class FieldValues {
    static final List<String> TOPICS = List.of("FuzzTopic-0", "FuzzTopic-1", "FuzzTopic-2", "FuzzTopic-3",
            "TBW102", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
            "%RETRY%FuzzGroup-0", "%DLQ%FuzzGroup-1", "rmq_sys_REVIVE_LOG_DefaultCluster", "DefaultCluster");
    static final List<String> GROUPS = List.of("FuzzGroup-0", "FuzzGroup-1", "FuzzGroup-2", "DEFAULT_PRODUCER",
            "CID_RMQ_SYS_TRANS", "TOOLS_CONSUMER", "%RETRY%FuzzGroup-0");
    static final List<String> BROKERS = List.of("broker-a", "broker-b", "FuzzBroker");
    static final List<String> CLUSTERS = List.of("DefaultCluster", "FuzzCluster");
    static final List<String> ADDRESSES = List.of("127.0.0.1:10911", "127.0.0.1:1", "10.0.0.1:10911", "[::1]:10911",
            "localhost:99999", "127.0.0.1");
    static final List<String> NAMESPACES = List.of("ORDER_TOPIC_CONFIG", "FuzzNamespace");
    static final List<String> PROPERTY_KEYS = List.of("KEYS", "TAGS", "UNIQ_KEY", "DELAY", "TIMER_DELIVER_MS",
            "TIMER_DELAY_SEC", "TRAN_MSG", "PGROUP", "WAIT", "REAL_TOPIC", "REAL_QID", "RETRY_TOPIC", "MAX_OFFSET",
            "MIN_OFFSET", "__STARTDELIVERTIME", "CLUSTER", "INSTANCE_ID", "SHARDING_KEY", "MSG_REGION", "TRACE_ON",
            "CORRELATION_ID", "REPLY_TO_CLIENT", "TTL", "__SHARDINGKEY", "colour");
    private static final List<String> EXPRESSIONS = List.of("*", "", "TagA", "TagA || TagB", "TagA||TagB||", "||",
            "a > 5", "a > 5 AND b IN ('x', 'y')", "a BETWEEN 1 AND 3", "a IS NULL", "((((", "a = ", "'unclosed",
            "a > 9999999999999999999999", "b LIKE '%x%'", "NOT NOT NOT a", "TRUE", "a = 1 OR", "a IN ()");
    private static final List<String> EXPRESSION_TYPES = List.of("TAG", "SQL92", "tag", "sql92", "", "FuzzType");
    private static final String[] SCRIPTS = {"a", "Z", "0", "_", "-", "%", "|", " ", "\t", "\n", "\u0000", "\u0001",
            "\u0002", "é", "中", "\uD83D\uDE00", "\uD800", "\uDFFF", "\uFFFF", "\"", "\\", "{", "}", "'", ";", "/",
            ":", ","};

    private final SplittableRandom random;

    FieldValues(SplittableRandom random) {
        this.random = random;
    }

    /** A value for the field called {@code name}: plausible unless {@code garbage}. */
    String value(String name, boolean garbage) {
        if (garbage) {
            return garbage();
        }
        return switch (name) {
            case "topic", "b", "defaultTopic", "c", "originTopic", "parentTopic" -> pick(TOPICS);
            case "producerGroup", "a", "consumerGroup", "group", "groupName", "srcGroup", "destGroup" -> pick(GROUPS);
            case "queueId", "e", "defaultTopicQueueNums", "d", "readQueueNums", "writeQueueNums", "maxMsgNums",
                 "maxNum", "maxTopicNum", "maxGroupNum", "topicSeq", "groupSeq", "index", "count", "delayLevel",
                 "reconsumeTimes", "j", "maxReconsumeTimes", "l", "initMode", "electionPriority" -> smallInt();
            case "perm" -> Integer.toString(pick(List.of(0, 2, 4, 6, 7, 1, -1, 255)));
            case "sysFlag", "f", "flag", "h", "topicSysFlag", "subVersion" -> flagValue();
            case "queueOffset", "offset", "commitOffset", "timestamp", "beginTimestamp", "endTimestamp",
                 "bornTimestamp", "g", "commitLogOffset", "tranStateTableOffset", "suspendTimeoutMillis", "pollTime",
                 "invisibleTime", "bornTime", "maxMsgBytes", "brokerId", "heartbeatTimeoutMillis", "epoch",
                 "maxOffset", "confirmOffset", "heartbeatTimeoutMills", "bodyCrc32" -> longValue();
            case "unitMode", "k", "batch", "m", "order", "compressed", "setZeroIfNotFound", "fromTransactionCheck",
                 "cleanOffset", "isForce", "enableActingMaster", "force", "committed", "jstackEnable",
                 "acceptStandardJsonOnly" -> pick(List.of("true", "false", "TRUE", "False", "1", "yes"));
            case "properties", "i" -> properties();
            case "subscription", "exp" -> pick(EXPRESSIONS);
            case "expressionType", "expType" -> pick(EXPRESSION_TYPES);
            case "commitOrRollback" -> Integer.toString(pick(List.of(0, 4, 8, 12, -1, 16)));
            case "boundaryType" -> pick(List.of("LOWER", "UPPER", "lower", "MIDDLE"));
            case "topicFilterType" -> pick(List.of("SINGLE_TAG", "MULTI_TAG", "FUZZ"));
            case "indexType" -> pick(List.of("0", "1", "K", "U"));
            case "brokerName", "n" -> pick(BROKERS);
            case "clusterName", "cluster" -> pick(CLUSTERS);
            case "brokerAddr", "haServerAddr" -> pick(ADDRESSES);
            case "namespace" -> pick(NAMESPACES);
            case "msgId", "originMsgId", "transactionId", "offsetMsgId", "lastKey" -> messageId();
            case "extraInfo" -> extraInfo();
            case "key", "value", "attemptId", "clientId", "clientID" -> random.nextBoolean()
                    ? "fuzz-" + random.nextInt(8) : garbage();
            case "attributes" -> pick(List.of("", "+a=b", "-a", "+queue.type=BatchCQ", "+message.type=FIFO",
                    "a=b", "+=", "+a=b,+c=d"));
            case "topicList" -> pick(TOPICS) + ";" + pick(TOPICS);
            case "dataVersion" -> "{\"timestamp\":" + longValue() + ",\"counter\":" + smallInt() + "}";
            default -> garbage();
        };
    }

    /** Anything at all: what a corrupted or hostile peer might put in a field. */
    String garbage() {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> Long.toString(random.nextLong());
            case 3 -> pick(List.of("9223372036854775808", "-9223372036854775809", "2147483648", "NaN", "1e9",
                    "0x10", "-0", "+5", " 7 ", "１２"));
            case 4 -> "a".repeat(1 + random.nextInt(300));
            case 5 -> "x".repeat(random.nextInt(16) == 0 ? random.nextInt(100_000) : random.nextInt(2_000));
            case 6 -> pick(TOPICS) + pick(List.of("/", " ", "\u0000", "..", "%", "|"));
            default -> randomText(1 + random.nextInt(64));
        };
    }

    String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (random.nextInt(4) == 0) {
                text.append(SCRIPTS[random.nextInt(SCRIPTS.length)]);
            } else {
                text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

    /** RocketMQ's message properties string: name, \u0001, value, \u0002, repeated; sometimes broken. */
    String properties() {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String key = random.nextInt(5) == 0 ? garbage() : pick(PROPERTY_KEYS);
            String value = switch (random.nextInt(5)) {
                case 0 -> garbage();
                case 1 -> longValue();
                case 2 -> pick(TOPICS);
                default -> "v" + random.nextInt(100);
            };
            text.append(key).append('\u0001').append(value).append('\u0002');
        }
        if (random.nextInt(8) == 0) {
            text.append(pick(List.of("\u0001", "\u0002", "\u0001\u0002", "dangling", "\u0002\u0002\u0001")));
        }
        return text.toString();
    }

    /** A RocketMQ message id (32 hex digits for an offset id), or something shaped like one but not quite. */
    String messageId() {
        StringBuilder hex = new StringBuilder();
        int length = random.nextInt(4) == 0 ? random.nextInt(40) : 32;
        for (int i = 0; i < length; i++) {
            hex.append("0123456789ABCDEF".charAt(random.nextInt(16)));
        }
        if (hex.length() > 0 && random.nextInt(10) == 0) {
            hex.setCharAt(random.nextInt(hex.length()), 'Z');
        }
        return hex.toString();
    }

    /** A POP handle: space-separated numbers and names, with the wrong count or types now and then. */
    String extraInfo() {
        int parts = random.nextInt(4) == 0 ? random.nextInt(12) : 7;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(switch (random.nextInt(6)) {
                case 0 -> pick(BROKERS);
                case 1 -> pick(TOPICS);
                case 2 -> garbage();
                default -> longValue();
            });
        }
        return text.toString();
    }

    String smallInt() {
        return switch (random.nextInt(10)) {
            case 0 -> Integer.toString(Integer.MAX_VALUE);
            case 1 -> Integer.toString(Integer.MIN_VALUE);
            case 2 -> Integer.toString(-1 - random.nextInt(4));
            case 3 -> Integer.toString(random.nextInt(100_000));
            default -> Integer.toString(random.nextInt(9));
        };
    }

    String flagValue() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> Integer.toString(-1);
            default -> Integer.toString(random.nextInt(256));
        };
    }

    String longValue() {
        return switch (random.nextInt(10)) {
            case 0 -> Long.toString(Long.MAX_VALUE);
            case 1 -> Long.toString(Long.MIN_VALUE);
            case 2 -> "-1";
            case 3 -> Long.toString(System.currentTimeMillis() + random.nextLong(-86_400_000L, 86_400_000L));
            case 4 -> Long.toString(random.nextLong());
            case 5 -> "0";
            default -> Long.toString(random.nextLong(1_000_000));
        };
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
