package io.capsulemq.broker.engine.transaction;

/** How a producer ends the transaction of a half message. */
public enum TransactionResolution {
    /** Make the message visible in its topic. */
    COMMIT,
    /** Discard the message; no consumer ever sees it. */
    ROLLBACK,
    /** Not known yet: the broker asks again later. */
    UNKNOWN
}
