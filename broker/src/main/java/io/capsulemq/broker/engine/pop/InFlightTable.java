package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every group's {@link QueueState}s, and what keeps them durable and visible: each change is journaled, each move
 * of a committed offset is published to {@link ConsumerOffsets}, and snapshots are written when something changed.
 */
final class InFlightTable {
    private static final System.Logger LOG = System.getLogger(InFlightTable.class.getName());

    private final MessageStore store;
    private final ConsumerOffsets offsets;
    private final PopJournal journal;
    private final PopSnapshots snapshots;
    private final ConcurrentMap<QueueKey, QueueState> states = new ConcurrentHashMap<>();
    /** Counts changes to any state, so that an unchanged table is not written again. */
    private final AtomicLong changes = new AtomicLong();
    private final Object snapshotLock = new Object();
    private long snapshotChanges = -1;

    InFlightTable(MessageStore store, ConsumerOffsets offsets, PopJournal journal, Path snapshotFile) {
        this.store = store;
        this.offsets = offsets;
        this.journal = journal;
        this.snapshots = new PopSnapshots(snapshotFile, journal);
    }

    /** The queue's state, created where its committed offset is (or at its first message) if it had none. */
    QueueState state(QueueKey key) {
        return states.computeIfAbsent(key, this::newState);
    }

    Optional<QueueState> find(QueueKey key) {
        return Optional.ofNullable(states.get(key));
    }

    Collection<QueueState> all() {
        return states.values();
    }

    long nextSeq() {
        return journal.nextSeq();
    }

    /**
     * Journals a change already made to the queue's state and publishes its committed offset. Called holding the
     * state's lock, so that the journal orders each queue's records as their changes happened.
     */
    CompletableFuture<Void> record(QueueState q, JournalRecord record) {
        q.lastSeq(record.seq());
        changes.incrementAndGet();
        commit(q);
        return journal.append(record);
    }

    /** Publishes the queue's committed offset if it moved. Called holding the state's lock. */
    void commit(QueueState q) {
        if (q.committedChanged()) {
            changes.incrementAndGet();
            offsets.commit(q.key.group(), q.key.topic(), q.key.queueId(), q.committedOffset());
        }
    }

    /** The entry's message, if the store still holds that very message (not something written later in its place). */
    Optional<StoredMessage> read(QueueKey key, InFlight entry) {
        return store.lookAt(entry.commitLogOffset).filter(m -> m.topic().equals(key.topic())
                && m.queueId() == key.queueId() && m.queueOffset() == entry.queueOffset);
    }

    /** Loads the snapshot, replays the journal after it and publishes every queue's committed offset. */
    void restore() {
        long started = System.nanoTime();
        PopSnapshots.Restored restored = snapshots.restore(states, this::newState);
        int inFlight = 0;
        for (QueueState q : states.values()) {
            synchronized (q) {
                dropBeyondQueue(q);
                commit(q);
                inFlight += q.size();
            }
        }
        LOG.log(System.Logger.Level.INFO, "pop state restored: {0} queues, {1} messages in flight; replayed {2} "
                        + "journal records from offset {3} in {4} ms", states.size(), inFlight,
                restored.replayedRecords(), restored.replayedFrom(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Writes the snapshot if anything changed since the last one. */
    void writeSnapshot() {
        synchronized (snapshotLock) {
            long changesAtStart = changes.get();
            if (changesAtStart != snapshotChanges) {
                snapshots.write(states.values());
                snapshotChanges = changesAtStart;
            }
        }
    }

    private QueueState newState(QueueKey key) {
        long start = offsets.committed(key.group(), key.topic(), key.queueId())
                .orElse(store.minOffset(key.topic(), key.queueId()));
        return new QueueState(key, start);
    }

    /** After a crash that lost the store's unflushed tail, forgets offsets the queue no longer has. */
    private void dropBeyondQueue(QueueState q) {
        long max = store.maxOffset(q.key.topic(), q.key.queueId());
        if (q.cursor() > max) {
            LOG.log(System.Logger.Level.WARNING, "pop cursor of {0} at {1} is beyond the queue''s end {2}; moved "
                    + "back", q.key, q.cursor(), max);
            q.cursor(max);
        }
        for (InFlight e : q.entries()) {
            if (e.queueOffset >= max) {
                q.remove(e.queueOffset);
            }
        }
    }
}
