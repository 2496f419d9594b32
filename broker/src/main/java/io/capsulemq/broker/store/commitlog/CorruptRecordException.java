package io.capsulemq.broker.store.commitlog;

/** A record that failed its checks; it is never returned to a reader. */
public final class CorruptRecordException extends Exception {
    private final long physicalOffset;

    public CorruptRecordException(long physicalOffset, String reason) {
        super("corrupt record at commit log offset " + physicalOffset + ": " + reason, null, false, false);
        this.physicalOffset = physicalOffset;
    }

    public long physicalOffset() {
        return physicalOffset;
    }
}
