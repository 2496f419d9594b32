package io.capsulemq.broker.store;

/** When an append is acknowledged relative to its fsync (RocketMQ's flushDiskType). */
public enum FlushMode {
    /** Acknowledged once written to the OS; a flusher forces the log every few hundred ms. */
    ASYNC,
    /** Acknowledged only after an fsync covering it; concurrent appends share one fsync (group commit). */
    SYNC
}
