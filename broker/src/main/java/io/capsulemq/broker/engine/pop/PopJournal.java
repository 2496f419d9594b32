package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The pop journal: {@link JournalRecord}s stored as messages of queue 0 of {@link SystemTopics#REVIVE_LOG}, so
 * they are as durable as any message (fsynced before the put completes under synchronous flush), recovered with the
 * store after a crash and removed by its retention.
 */
final class PopJournal {
    static final String TOPIC = SystemTopics.REVIVE_LOG;
    static final int QUEUE = 0;
    private static final System.Logger LOG = System.getLogger(PopJournal.class.getName());
    private static final int REPLAY_BATCH = 256;

    private final MessageStore store;
    private final Clock clock;
    private final AtomicLong lastSeq = new AtomicLong();

    PopJournal(MessageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A sequence number above every one handed out before, in this run or a previous one. */
    long nextSeq() {
        return lastSeq.incrementAndGet();
    }

    long lastSeq() {
        return lastSeq.get();
    }

    /** Makes the next sequence number exceed {@code seq}: called with what the snapshot and replay saw. */
    void seqAtLeast(long seq) {
        lastSeq.accumulateAndGet(seq, Math::max);
    }

    /**
     * Appends a record; the future completes once the store holds it as its flush mode promises, and fails with
     * {@link BrokerException} when the store refused it. The record is in the log, and so ordered after every record
     * appended before, by the time this returns, unless refused.
     */
    CompletableFuture<Void> append(JournalRecord record) {
        MessageToStore message = MessageToStore.builder(TOPIC, QUEUE).body(JournalCodec.encode(record))
                .tags(record.getClass().getSimpleName()).bornTimestamp(clock.millis()).build();
        return store.putAsync(message).thenApply(put -> {
            if (!put.status().isWritten()) {
                throw new BrokerException(Reason.SERVICE_NOT_AVAILABLE, "the pop journal could not be written: "
                        + put.status() + (put.reason() == null ? "" : " (" + put.reason() + ")"));
            }
            return null;
        });
    }

    /** The queue offset the next record will get, or a smaller one: a safe place to start a later replay. */
    long end() {
        return store.maxOffset(TOPIC, QUEUE);
    }

    /**
     * Feeds every record from queue offset {@code from} to the end to {@code apply}, in the order written; records
     * that do not decode are logged and skipped. Returns how many records were read.
     */
    long replay(long from, Consumer<JournalRecord> apply) {
        long min = store.minOffset(TOPIC, QUEUE);
        if (from < min) {
            LOG.log(System.Logger.Level.WARNING, "pop journal replay should start at {0} but retention removed "
                    + "records before {1}; messages popped before then and still in flight are forgotten", from, min);
            from = min;
        }
        long offset = from;
        long count = 0;
        while (true) {
            GetResult batch = store.get(TOPIC, QUEUE, offset, REPLAY_BATCH, MessageFilter.ALL);
            for (StoredMessage m : batch.messages()) {
                count++;
                try {
                    apply.accept(JournalCodec.decode(m.body()));
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.ERROR, "pop journal record at queue offset " + m.queueOffset()
                            + " is unreadable and skipped", e);
                }
            }
            if (batch.nextOffset() > offset) {
                offset = batch.nextOffset();
            } else {
                return count;
            }
            if (offset >= batch.maxOffset()) {
                return count;
            }
        }
    }
}
