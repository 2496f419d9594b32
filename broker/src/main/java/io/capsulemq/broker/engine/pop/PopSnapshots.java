package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.persist.JsonStateFile;
import io.capsulemq.broker.engine.pop.JournalRecord.Changed;
import io.capsulemq.broker.engine.pop.JournalRecord.Delivery;
import io.capsulemq.broker.engine.pop.JournalRecord.Done;
import io.capsulemq.broker.engine.pop.JournalRecord.Popped;
import io.capsulemq.broker.engine.pop.JournalRecord.Reset;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The in-flight table's durable form: writes {@link PopSnapshot}s and rebuilds the table from the last one and the
 * journal records after it.
 *
 * <p>Why a snapshot plus replay is exact: every change to a queue state is made, and its record appended, under the
 * state's lock, so within one queue the journal's order is the order of changes. A snapshot first reads the
 * journal's end (the offset below which every record is appended) and only then copies the states one by one: a
 * record below that offset changed its state before the copy was taken, so the copy reflects it; a record at or
 * above it is replayed, and skipped where the copy's sequence number shows it already reflects it.
 */
final class PopSnapshots {
    private static final System.Logger LOG = System.getLogger(PopSnapshots.class.getName());

    private final JsonStateFile<PopSnapshot> file;
    private final PopJournal journal;

    PopSnapshots(Path file, PopJournal journal) {
        this.file = JsonStateFile.of(file, PopSnapshot.class);
        this.journal = journal;
    }

    /** What a restore found. */
    record Restored(long replayedFrom, long replayedRecords) {
    }

    /**
     * Loads the snapshot into {@code states} (empty on entry) and replays the journal after it, creating states of
     * queues the snapshot lacks with {@code newState}; afterwards the journal's next sequence number exceeds every
     * one seen.
     */
    Restored restore(java.util.Map<QueueKey, QueueState> states, Function<QueueKey, QueueState> newState) {
        Optional<PopSnapshot> snapshot;
        try {
            snapshot = file.read();
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "pop snapshot " + file.path() + " is unreadable; replaying the "
                    + "whole pop journal instead", e);
            snapshot = Optional.empty();
        }
        long replayFrom = 0;
        long maxSeq = 0;
        if (snapshot.isPresent()) {
            replayFrom = snapshot.get().replayFrom();
            maxSeq = snapshot.get().lastSeq();
            for (PopSnapshot.Queue saved : snapshot.get().queues()) {
                QueueState q = new QueueState(new QueueKey(saved.group(), saved.topic(), saved.queueId()),
                        saved.cursor());
                q.lastSeq(saved.lastSeq());
                maxSeq = Math.max(maxSeq, saved.lastSeq());
                for (PopSnapshot.Entry e : saved.inFlight()) {
                    q.put(new InFlight(e.queueOffset(), e.commitLogOffset(), e.attempt(), e.popTimeMillis(),
                            e.invisibleMillis(), e.revision(), e.fifo()));
                }
                states.put(q.key, q);
            }
        }
        long[] seen = {maxSeq};
        long replayed = journal.replay(replayFrom, record -> {
            seen[0] = Math.max(seen[0], record.seq());
            apply(states.computeIfAbsent(record.queue(), newState), record);
        });
        journal.seqAtLeast(seen[0]);
        return new Restored(replayFrom, replayed);
    }

    /** Applies one replayed record to its queue's state unless the state already reflects it. */
    static void apply(QueueState q, JournalRecord record) {
        synchronized (q) {
            if (record.seq() <= q.lastSeq()) {
                return;
            }
            q.lastSeq(record.seq());
            if (record instanceof Popped p) {
                p.dropped().forEach(q::remove);
                for (Delivery d : p.deliveries()) {
                    q.put(new InFlight(d.queueOffset(), d.commitLogOffset(), d.attempt(), p.popTimeMillis(),
                            p.invisibleMillis(), p.seq(), p.fifo()));
                }
                q.cursor(p.cursorAfter());
            } else if (record instanceof Done d) {
                q.remove(d.queueOffset());
            } else if (record instanceof Changed c) {
                InFlight e = q.get(c.queueOffset());
                if (e != null) {
                    q.reschedule(e, e.attempt, c.popTimeMillis(), c.invisibleMillis(), c.seq());
                }
            } else if (record instanceof Reset r) {
                q.clear();
                q.cursor(r.offset());
            }
        }
    }

    /** Writes a snapshot of {@code states} (taking each state's lock in turn). */
    void write(Collection<QueueState> states) {
        // The journal's end must be read before any state is copied; see the class comment.
        long replayFrom = journal.end();
        long lastSeq = journal.lastSeq();
        List<PopSnapshot.Queue> queues = new ArrayList<>(states.size());
        for (QueueState q : states) {
            synchronized (q) {
                List<PopSnapshot.Entry> entries = new ArrayList<>(q.size());
                for (InFlight e : q.entries()) {
                    entries.add(new PopSnapshot.Entry(e.queueOffset, e.commitLogOffset, e.attempt, e.popTimeMillis,
                            e.invisibleMillis, e.revision, e.fifo));
                }
                queues.add(new PopSnapshot.Queue(q.key.group(), q.key.topic(), q.key.queueId(), q.cursor(),
                        q.lastSeq(), entries));
            }
        }
        file.write(new PopSnapshot(PopSnapshot.FORMAT, replayFrom, lastSeq, queues));
    }
}
