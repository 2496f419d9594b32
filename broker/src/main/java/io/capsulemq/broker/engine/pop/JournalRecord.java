package io.capsulemq.broker.engine.pop;

import java.util.List;

/**
 * What the pop journal records: every change to the messages in flight, so that replaying the records after the
 * last snapshot rebuilds them. Each record concerns one queue of one group and carries a sequence number that grows
 * with every record the broker writes, across restarts.
 */
sealed interface JournalRecord {
    long seq();

    QueueKey queue();

    /**
     * Messages handed out (first deliveries and redeliveries) by one pop from one queue, and in-flight messages it
     * dropped because they are gone from the store or no longer match the group's filter.
     *
     * @param cursorAfter the queue's cursor after the pop
     */
    record Popped(long seq, QueueKey queue, long popTimeMillis, long invisibleMillis, boolean fifo, long cursorAfter,
                  List<Delivery> deliveries, List<Long> dropped) implements JournalRecord {
    }

    /** One message of a {@link Popped} record; its revision is the record's sequence number. */
    record Delivery(long queueOffset, long commitLogOffset, int attempt) {
    }

    /** A message that leaves the in-flight set for good. */
    record Done(long seq, QueueKey queue, long queueOffset, Outcome outcome) implements JournalRecord {
    }

    /** Why a message left the in-flight set. */
    enum Outcome { ACKNOWLEDGED, DEAD_LETTERED }

    /** A new invisible time for an in-flight message, counted from {@code popTimeMillis}. */
    record Changed(long seq, QueueKey queue, long queueOffset, long popTimeMillis, long invisibleMillis)
            implements JournalRecord {
    }

    /** An operator moved the group's offset on the queue: everything in flight is forgotten. */
    record Reset(long seq, QueueKey queue, long offset) implements JournalRecord {
    }
}
