package io.capsulemq.broker.engine.pop;

/**
 * One popped message not yet acknowledged: where it is, how often it was handed out and until when it is
 * invisible. Mutable, and guarded by the {@link QueueState} holding it, which alone changes it.
 */
final class InFlight {
    final long queueOffset;
    final long commitLogOffset;
    int attempt;
    long popTimeMillis;
    long invisibleMillis;
    long revision;
    boolean fifo;
    boolean deadLettering;

    InFlight(long queueOffset, long commitLogOffset, int attempt, long popTimeMillis, long invisibleMillis,
             long revision, boolean fifo) {
        this.queueOffset = queueOffset;
        this.commitLogOffset = commitLogOffset;
        this.attempt = attempt;
        this.popTimeMillis = popTimeMillis;
        this.invisibleMillis = invisibleMillis;
        this.revision = revision;
        this.fifo = fifo;
    }

    long visibleAtMillis() {
        return popTimeMillis + invisibleMillis;
    }

    ReceiptHandle handle(int queueId) {
        return new ReceiptHandle(queueId, queueOffset, commitLogOffset, popTimeMillis, invisibleMillis, revision);
    }
}
