package io.capsulemq.broker.store;

/** The outcome of a put, with the names Apache RocketMQ's store gives them. */
public enum PutStatus {
    PUT_OK,
    /** Written, but its fsync did not complete within the synchronous flush timeout. */
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE,
    /** The store is closed, not yet open, or refusing writes after a write error. */
    SERVICE_NOT_AVAILABLE,
    /** Refused: too large, a bad topic or queue id, or otherwise malformed. Nothing was written. */
    MESSAGE_ILLEGAL,
    PROPERTIES_SIZE_EXCEEDED,
    /** Refused: the disk is (nearly) full. Nothing was written; writes resume when space returns. */
    DISK_FULL,
    UNKNOWN_ERROR;

    public boolean isWritten() {
        return this == PUT_OK || this == FLUSH_DISK_TIMEOUT || this == FLUSH_SLAVE_TIMEOUT || this == SLAVE_NOT_AVAILABLE;
    }
}
