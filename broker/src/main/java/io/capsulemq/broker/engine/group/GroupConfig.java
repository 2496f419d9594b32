package io.capsulemq.broker.engine.group;

/**
 * A consumer group's settings (RocketMQ's subscription group config): whether it may consume, whether it consumes
 * in broadcasting mode, and how often a failed message is retried before it goes to the dead-letter queue.
 */
public record GroupConfig(String groupName, boolean consumeEnable, boolean consumeBroadcastEnable, int retryMaxTimes,
                          boolean consumeMessageOrderly) {
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    public static GroupConfig defaults(String group) {
        return new GroupConfig(group, true, true, DEFAULT_RETRY_MAX_TIMES, false);
    }

    public GroupConfig withRetryMaxTimes(int times) {
        return new GroupConfig(groupName, consumeEnable, consumeBroadcastEnable, times, consumeMessageOrderly);
    }
}
