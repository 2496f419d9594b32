package io.capsulemq.client.gateway;

/**
 * A consumer group's settings as its consumers follow them (set by the operator, as in RocketMQ 5): whether it
 * consumes in order (FIFO), whether it is a broadcasting group, how many times a failed message is retried before
 * it is dead-lettered, and where it starts on a queue it has no offset for. {@code exists} is false while the group
 * is not created yet; the others are then the defaults.
 */
public record ConsumerSettings(String group, boolean exists, boolean orderly, boolean broadcasting, int maxRetries,
                               StartFrom startFrom) {
    public static final int DEFAULT_MAX_RETRIES = 16;

    /** Where a group with no committed offset on a queue starts. */
    public enum StartFrom {
        /** The queue's end: nothing older than the group is delivered. */
        LAST_OFFSET,
        FIRST_OFFSET,
        /** The first message stored at or after a point in time set on the group. */
        TIMESTAMP
    }

    public static ConsumerSettings absent(String group) {
        return new ConsumerSettings(group, false, false, false, DEFAULT_MAX_RETRIES, StartFrom.LAST_OFFSET);
    }

    /** Deliveries of one message before it is given up: the first plus the retries. */
    public int maxDeliveryAttempts() {
        return maxRetries + 1;
    }
}
