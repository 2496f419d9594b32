package io.capsulemq.broker.engine.pop;

import java.util.List;

/**
 * The in-flight table as of one moment, kept in {@code popState.json}: every queue's cursor and messages in flight,
 * and where in the journal a replay must start to bring it up to date. Written from time to time and at a clean
 * close; after a crash it may be old, which costs replay time, not correctness.
 *
 * @param replayFrom the journal queue offset from which records may be missing from this snapshot
 * @param lastSeq    the highest journal sequence number handed out when the snapshot began
 */
record PopSnapshot(int format, long replayFrom, long lastSeq, List<Queue> queues) {
    static final int FORMAT = 1;

    /**
     * One queue of one group.
     *
     * @param lastSeq the sequence number of the last journal record reflected here; replay applies only later ones
     */
    record Queue(String group, String topic, int queueId, long cursor, long lastSeq, List<Entry> inFlight) {
    }

    /** One message in flight. */
    record Entry(long queueOffset, long commitLogOffset, int attempt, long popTimeMillis, long invisibleMillis,
                 long revision, boolean fifo) {
    }
}
