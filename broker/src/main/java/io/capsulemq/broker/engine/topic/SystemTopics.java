package io.capsulemq.broker.engine.topic;

/** Names of the topics the broker keeps for itself, and of the per-group retry and dead-letter topics. */
public final class SystemTopics {
    public static final String TIMER = "rmq_sys_wheel_timer";
    public static final String TRANSACTION_HALF = "RMQ_SYS_TRANS_HALF_TOPIC";
    public static final String TRANSACTION_OP = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Half messages rolled back after too many unanswered checks, kept where an operator can find them. */
    public static final String TRANSACTION_CHECK_MAX = "TRANS_CHECK_MAX_TIME_TOPIC";
    public static final String REVIVE_LOG = "rmq_sys_REVIVE_LOG";
    /** The topic producers name when they ask a broker to auto-create topics. */
    public static final String AUTO_CREATE_DEFAULT = "TBW102";
    public static final String RETRY_PREFIX = "%RETRY%";
    public static final String DLQ_PREFIX = "%DLQ%";

    private SystemTopics() {
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String deadLetterTopic(String group) {
        return DLQ_PREFIX + group;
    }

    public static boolean isRetry(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }

    public static boolean isDeadLetter(String topic) {
        return topic.startsWith(DLQ_PREFIX);
    }

    /** Topics applications may not send to directly; the broker writes them itself. */
    public static boolean isInternal(String topic) {
        return topic.equals(TIMER) || topic.equals(TRANSACTION_HALF) || topic.equals(TRANSACTION_OP)
                || topic.equals(TRANSACTION_CHECK_MAX) || topic.startsWith(REVIVE_LOG)
                || topic.startsWith("rmq_sys_") || topic.equals(AUTO_CREATE_DEFAULT);
    }
}
