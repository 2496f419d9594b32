package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.PutStatus;

/** A message the store refuses before writing anything, with the status to answer and why. */
public final class RecordRejectedException extends Exception {
    private final PutStatus status;

    public RecordRejectedException(PutStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public PutStatus status() {
        return status;
    }
}
