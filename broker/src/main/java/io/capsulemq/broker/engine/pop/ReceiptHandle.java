package io.capsulemq.broker.engine.pop;

/**
 * What a receipt handle says about one delivery. {@code revision} is the journal sequence number of the record that
 * made this delivery (or the last change of its invisible time); a handle whose revision is no longer the message's
 * current one is stale.
 */
record ReceiptHandle(int queueId, long queueOffset, long commitLogOffset, long popTimeMillis, long invisibleMillis,
                     long revision) {

    long visibleAtMillis() {
        return popTimeMillis + invisibleMillis;
    }
}
