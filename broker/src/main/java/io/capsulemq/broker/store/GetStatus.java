package io.capsulemq.broker.store;

/** The outcome of a read from a queue, with the names Apache RocketMQ's store gives them. */
public enum GetStatus {
    FOUND,
    /** Messages were there, but none matched the filter; the next offset skips them. */
    NO_MATCHED_MESSAGE,
    /** The queue has no such topic or queue id. */
    NO_MATCHED_LOGIC_QUEUE,
    NO_MESSAGE_IN_QUEUE,
    /** The offset is below the queue's minimum (retention removed it); the next offset is the minimum. */
    OFFSET_TOO_SMALL,
    /** The offset equals the queue's maximum: nothing new yet. */
    OFFSET_OVERFLOW_ONE,
    OFFSET_OVERFLOW_BADLY,
    /** A record the queue points at could not be read intact. */
    OFFSET_FOUND_NULL,
    SERVICE_NOT_AVAILABLE
}
