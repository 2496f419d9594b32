package io.capsulemq.broker.engine.pop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One group's progress on one queue: the cursor (the next queue offset never looked at) and the messages in flight
 * below it. Every offset below the cursor that is not in flight is done (acknowledged, dead-lettered or filtered
 * out), so the committed offset is the smaller of the cursor and the first offset in flight, and the state's size
 * is that of what is in flight, whatever the queue holds.
 *
 * <p>Not thread-safe: callers hold the state's monitor ({@code synchronized (state)}) for every call and for as long
 * as a decision taken on what they read must stay true.
 */
final class QueueState {
    private static final Comparator<InFlight> BY_VISIBILITY = Comparator.comparingLong(InFlight::visibleAtMillis)
            .thenComparingLong(e -> e.queueOffset);

    final QueueKey key;
    private final TreeMap<Long, InFlight> byOffset = new TreeMap<>();
    private final TreeSet<InFlight> byVisibility = new TreeSet<>(BY_VISIBILITY);
    private long cursor;
    /** The sequence number of the last journal record that changed this state. */
    private long lastSeq;
    private long lastCommitted = -1;
    private int deadLettering;

    QueueState(QueueKey key, long cursor) {
        this.key = key;
        this.cursor = cursor;
    }

    long cursor() {
        return cursor;
    }

    void cursor(long offset) {
        cursor = offset;
    }

    long lastSeq() {
        return lastSeq;
    }

    void lastSeq(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /** The first offset not yet done: what ConsumerOffsets should hold for this queue. */
    long committedOffset() {
        return byOffset.isEmpty() ? cursor : Math.min(byOffset.firstKey(), cursor);
    }

    /** Whether the committed offset changed since the last call that returned true; remembers it. */
    boolean committedChanged() {
        long committed = committedOffset();
        if (committed == lastCommitted) {
            return false;
        }
        lastCommitted = committed;
        return true;
    }

    InFlight get(long queueOffset) {
        return byOffset.get(queueOffset);
    }

    int size() {
        return byOffset.size();
    }

    /** Adds an entry, replacing any at its offset. */
    void put(InFlight entry) {
        InFlight old = byOffset.put(entry.queueOffset, entry);
        if (old != null) {
            byVisibility.remove(old);
            releaseDeadLetter(old);
        }
        byVisibility.add(entry);
    }

    InFlight remove(long queueOffset) {
        InFlight old = byOffset.remove(queueOffset);
        if (old != null) {
            byVisibility.remove(old);
            releaseDeadLetter(old);
        }
        return old;
    }

    void clear() {
        byOffset.clear();
        byVisibility.clear();
        deadLettering = 0;
    }

    /** Marks an entry as being dead-lettered; false if another caller already claimed it. */
    boolean claimForDeadLetter(InFlight entry) {
        if (entry.deadLettering || byOffset.get(entry.queueOffset) != entry) {
            return false;
        }
        entry.deadLettering = true;
        deadLettering++;
        return true;
    }

    /** Gives back a claim whose dead-lettering failed; the entry is tried again later. */
    void releaseDeadLetter(InFlight entry) {
        if (entry.deadLettering) {
            entry.deadLettering = false;
            deadLettering--;
        }
    }

    /** Gives an entry a new delivery or invisible time; its place in the visibility order follows. */
    void reschedule(InFlight entry, int attempt, long popTimeMillis, long invisibleMillis, long revision) {
        byVisibility.remove(entry);
        entry.attempt = attempt;
        entry.popTimeMillis = popTimeMillis;
        entry.invisibleMillis = invisibleMillis;
        entry.revision = revision;
        byVisibility.add(entry);
    }

    /** Entries visible again at {@code now}, earliest-visible first. */
    List<InFlight> visible(long now) {
        List<InFlight> due = new ArrayList<>();
        for (InFlight e : byVisibility) {
            if (e.visibleAtMillis() > now) {
                break;
            }
            due.add(e);
        }
        return due;
    }

    /** When the next entry becomes visible, or Long.MAX_VALUE with nothing in flight. */
    long nextVisibleAtMillis() {
        return byVisibility.isEmpty() ? Long.MAX_VALUE : byVisibility.first().visibleAtMillis();
    }

    /** Whether a FIFO pop must wait: a message of this queue is still invisible or being dead-lettered. */
    boolean holdsFifo(long now) {
        return deadLettering > 0 || !byVisibility.isEmpty() && byVisibility.last().visibleAtMillis() > now;
    }

    /** Every entry in queue order. */
    List<InFlight> entries() {
        return new ArrayList<>(byOffset.values());
    }
}
