package io.capsulemq.client.message;

import java.util.Set;

/**
 * The property names RocketMQ keeps for itself, beside an application's own properties in the same map: an
 * application may not set them, and a received message's {@code getProperties()} does not show them.
 */
public final class SystemProperties {
    public static final String KEYS = "KEYS";
    public static final String TAGS = "TAGS";
    public static final String UNIQUE_KEY = "UNIQ_KEY";
    public static final String MESSAGE_GROUP = "__SHARDINGKEY";
    public static final String DELIVER_TIME_MS = "TIMER_DELIVER_MS";
    public static final String TRANSACTION_PREPARED = "TRAN_MSG";
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String KEY_SEPARATOR = " ";

    private static final Set<String> RESERVED = Set.of(
            KEYS, TAGS, UNIQUE_KEY, MESSAGE_GROUP, DELIVER_TIME_MS, TRANSACTION_PREPARED, PRODUCER_GROUP,
            RETRY_TOPIC, REAL_TOPIC, "WAIT", "DELAY", "REAL_QID", "MIN_OFFSET", "MAX_OFFSET", "BUYER_ID",
            "ORIGIN_MESSAGE_ID", "TRANSFER_FLAG", "CORRECTION_FLAG", "MQ2_FLAG", "RECONSUME_TIME", "MSG_REGION",
            "TRACE_ON", "MAX_RECONSUME_TIMES", "CONSUME_START_TIME", "__STARTDELIVERTIME",
            "TRAN_PREPARED_QUEUE_OFFSET", "TRANSACTION_CHECK_TIMES", "CHECK_IMMUNITY_TIME_IN_SECONDS", "INSTANCE_ID",
            "CORRELATION_ID", "REPLY_TO_CLIENT", "TTL", "ARRIVE_TIME", "PUSH_REPLY_TIME", "CLUSTER", "MSG_TYPE",
            "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "TIMER_OUT_MS", "TIMER_ENQUEUE_MS", "TIMER_DEQUEUE_MS",
            "TIMER_ROLL_TIMES", "TIMER_DEL_UNIQKEY", "POP_CK", "POP_CK_OFFSET", "1ST_POP_TIME", "INNER_NUM",
            "INNER_BASE", "__TRANSACTIONID__", "DUP_INFO", "EXTEND_UNIQ_INFO", "INNER_MULTI_DISPATCH",
            "INNER_MULTI_QUEUE_OFFSET", "TRACE_CONTEXT", "TRAN_MSG_CHECK_TIMES", "__RMQ.TRANSACTION_ID__",
            // RocketMQ's MessageConst.PROPERTY_TRANSACTION_ID, on half messages a broker asks about.
            "__transactionId__");

    private SystemProperties() {
    }

    public static boolean isSystem(String name) {
        return RESERVED.contains(name) || name.startsWith("TIMER_") || name.startsWith("POP_")
                || name.startsWith("__RMQ");
    }
}
