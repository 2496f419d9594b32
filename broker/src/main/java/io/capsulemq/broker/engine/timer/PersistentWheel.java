package io.capsulemq.broker.engine.timer;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.function.Consumer;

import static io.capsulemq.broker.engine.timer.TimerLogDescriptor.*;

/**
 * The persisted timing wheel: a wheel file of slots, each the head of a chain of entries in the append-only timer
 * log, and a checkpoint. Wheel time {@code t} covers due times in {@code ((t-1)·precision, t·precision]} and is due
 * once the clock reaches {@code t·precision}, so nothing fires early. Scheduling an entry and firing a slot are O(1)
 * per entry; entries live in mapped files, not on the heap.
 *
 * <p>State: the next timer queue offset to read ({@link #readOffset}); the first slot not yet done
 * ({@link #firedSlot}: every slot of an earlier time has fired its due entries and moved the others on); the fire
 * horizon ({@link #fireHorizon}), made durable before any slot at or past it fires; and the pending count. Every
 * pending entry's slot time lies in {@code [firedSlot, firedSlot + slots)}, so each slot holds one time's chain;
 * entries due later wait in the last slot of that range and are moved on ({@code ROLL}) when it comes round.
 *
 * <p>Durability order, at each {@link #checkpoint}: force the log, write the wheel's changed slots and force them,
 * then write the checkpoint. See {@link WheelReplay} for how a crash at any point is undone. Not thread-safe.
 */
final class PersistentWheel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PersistentWheel.class.getName());
    static final String LOG_DIR = "log";
    /** Changed wheel slots kept aside before a checkpoint is due regardless of time. */
    static final int MAX_CHANGED_SLOTS = 65_536;

    private final long precision;
    private final TimerLog log;
    private final TimingWheel wheel;
    private final TimerCheckpointFile checkpoints;
    private final PendingFloor floor;
    /** The fire horizon found on opening: slots in [firedSlot, this) may have fired before a crash. */
    private final long recoveredHorizon;
    private long readOffset;
    private long firedSlot;
    private long fireHorizon;
    private long pending;
    /** The last checkpoint written; a checkpoint that would change nothing but passed empty slots is skipped. */
    private TimerCheckpoint written;

    private PersistentWheel(TimerConfig config, TimerLog log, TimingWheel wheel, TimerCheckpointFile checkpoints,
                            TimerCheckpoint start) {
        this.precision = config.precisionMillis();
        this.log = log;
        this.wheel = wheel;
        this.checkpoints = checkpoints;
        this.floor = new PendingFloor(wheel.slots());
        this.readOffset = start.readOffset();
        this.firedSlot = start.firedSlot();
        this.fireHorizon = start.fireHorizon();
        this.pending = start.pending();
        this.recoveredHorizon = start.fireHorizon();
    }

    /**
     * Opens the wheel in the configured folder, replaying its log after a stop; a new wheel starts reading the
     * timer queue at {@code initialReadOffset} with the slot of {@code nowMillis}.
     */
    static PersistentWheel open(TimerConfig config, long initialReadOffset, long nowMillis) throws IOException {
        Files.createDirectories(config.dir());
        TimerCheckpointFile checkpoints = null;
        TimerLog log = null;
        TimingWheel wheel = null;
        try {
            checkpoints = TimerCheckpointFile.open(config.dir());
            log = TimerLog.open(config.dir().resolve(LOG_DIR), config.logSegmentBytes());
            wheel = TimingWheel.open(config.dir(), config.wheelSlots(), config.precisionMillis());
            TimerCheckpoint start;
            if (checkpoints.last() == null) {
                // Never checkpointed: the wheel file was never written (its first write follows the first
                // checkpoint), so whatever the log holds is unreachable.
                log.truncate(0);
                long slot = Math.floorDiv(nowMillis, config.precisionMillis());
                start = new TimerCheckpoint(initialReadOffset, 0, slot, slot, 0, 0);
            } else {
                start = WheelReplay.replay(log, wheel, checkpoints.last(), MAX_CHANGED_SLOTS);
            }
            PersistentWheel opened = new PersistentWheel(config, log, wheel, checkpoints, start);
            opened.rebuildFloor();
            opened.checkpoint();
            return opened;
        } catch (IOException | RuntimeException e) {
            if (wheel != null) {
                wheel.close();
            }
            if (log != null) {
                log.close();
            }
            if (checkpoints != null) {
                try {
                    checkpoints.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * The pending entries are the log's entries of a slot time not yet done (a slot's chain holds every entry added
     * to that time, and none is removed before the slot is done), wherever they lie among the segments kept.
     */
    private void rebuildFloor() {
        if (pending > 0) {
            log.forEachEntryRecord(r -> {
                if (r.slotTime() >= firedSlot) {
                    floor.add(r.slotTime(), r.commitLogOffset(), firedSlot);
                }
            });
        }
    }

    long readOffset() {
        return readOffset;
    }

    /**
     * A lower bound of the commit log offsets of the pending entries' timer records, cheap to ask
     * ({@link PendingFloor}); {@link Long#MAX_VALUE} when nothing is pending.
     */
    long lowestPendingCommitLogOffset() {
        return pending == 0 ? Long.MAX_VALUE : floor.lowest(firedSlot);
    }

    long firedSlot() {
        return firedSlot;
    }

    long fireHorizon() {
        return fireHorizon;
    }

    long pending() {
        return pending;
    }

    int slots() {
        return wheel.slots();
    }

    /** Slots below this (and at or past {@link #firedSlot}) may have fired some entries before the last stop. */
    long recoveredHorizon() {
        return recoveredHorizon;
    }

    /** The wheel time of a due time: the first slot whose end is not before it. */
    long slotOf(long dueMillis) {
        return -Math.floorDiv(-dueMillis, precision);
    }

    /** The latest wheel time that is due at {@code nowMillis}. */
    long dueSlotAt(long nowMillis) {
        return Math.floorDiv(nowMillis, precision);
    }

    /** When slot time {@code slot} is due, epoch milliseconds. */
    long dueMillisOf(long slot) {
        return slot * precision;
    }

    /** Marks timer queue offsets below {@code offset} as dealt with, without an entry (unreadable, say). */
    void skipTo(long offset) {
        readOffset = Math.max(readOffset, offset);
    }

    /**
     * Sets the read offset back to {@code offset}, for a store whose timer queue came back shorter than what was
     * read (its unforced tail lost with the machine). Checkpoints at once, so that a replay cannot raise it again
     * from the old entries, which stay in the wheel and are dropped when due, their records being gone.
     */
    void rewindReadOffset(long offset) throws IOException {
        if (offset < readOffset) {
            readOffset = offset;
            written = null;
            checkpoint();
        }
    }

    /** Puts the timer record at {@code queueOffset} into the wheel. */
    void schedule(long queueOffset, long commitLogOffset, int recordSize, long dueMillis) throws IOException {
        long slot = Math.min(Math.max(slotOf(dueMillis), firedSlot), firedSlot + wheel.slots() - 1);
        addEntry(SCHEDULE, slot, commitLogOffset, queueOffset, recordSize, dueMillis);
        readOffset = Math.max(readOffset, queueOffset + 1);
        pending++;
    }

    private void addEntry(int kind, long slot, long commitLogOffset, long queueOffset, int recordSize,
                          long dueMillis) throws IOException {
        int index = wheel.index(slot);
        SlotState s = wheel.get(index);
        if (!s.isEmpty() && s.slotTime() != slot) {
            throw new IllegalStateException("wheel slot " + index + " holds time " + s.slotTime() + " while time "
                    + slot + " is added (fired up to " + firedSlot + ")");
        }
        int count = s.isEmpty() ? 1 : s.count() + 1;
        long position = log.append(kind, count, recordSize, slot, s.head(), commitLogOffset, queueOffset,
                dueMillis);
        wheel.set(index, new SlotState(slot, position, count, position));
        floor.add(slot, commitLogOffset, firedSlot);
    }

    /** The slot of wheel time {@code slot}, or null when it holds nothing of that time. */
    SlotState slotAt(long slot) {
        SlotState s = wheel.get(wheel.index(slot));
        return s.holds(slot) ? s : null;
    }

    /**
     * Visits a slot's entries in the order they were added, so messages due together fire in the order they were
     * sent. The chain links newest to oldest; its positions are gathered first (one slot's worth, for the call).
     */
    void forEachEntry(SlotState slot, Consumer<TimerRecord> visitor) {
        long[] positions = new long[Math.max(1, slot.count())];
        int n = 0;
        long p = slot.head();
        while (p != NO_RECORD) {
            TimerRecord r = entryAt(p, slot.slotTime());
            if (n == positions.length) {
                positions = Arrays.copyOf(positions, n * 2);
            }
            positions[n++] = p;
            p = r.previous();
        }
        for (int i = n - 1; i >= 0; i--) {
            visitor.accept(entryAt(positions[i], slot.slotTime()));
        }
    }

    private TimerRecord entryAt(long position, long slotTime) {
        TimerRecord r = log.read(position);
        if (r == null || !r.isEntry() || r.slotTime() != slotTime || r.previous() >= position) {
            throw new IllegalStateException("timer log record at " + position + " is damaged or not in slot time "
                    + slotTime + ": " + r);
        }
        return r;
    }

    /** Whether an entry of slot time {@code slot} is due later and must be moved on rather than fired. */
    boolean movesOn(TimerRecord entry, long slot) {
        return slotOf(entry.dueMillis()) > slot;
    }

    /** Advances past empty slots up to {@code slot} (exclusive); the caller found them empty. */
    void passEmptyUpTo(long slot) {
        firedSlot = Math.max(firedSlot, slot);
    }

    /**
     * Completes the slot at {@link #firedSlot} once its due entries have fired: moves the others on and marks it
     * done. The log room is made first, so once anything is appended nothing can fail.
     */
    void completeSlot(SlotState slot) throws IOException {
        long time = slot.slotTime();
        if (time != firedSlot) {
            throw new IllegalStateException("completing slot " + time + " while " + firedSlot + " is next");
        }
        log.ensureCapacity(slot.count() + 1);
        long last = time + wheel.slots() - 1;
        long[] moved = {0};
        forEachEntry(slot, r -> {
            if (movesOn(r, time)) {
                try {
                    addEntry(ROLL, Math.min(slotOf(r.dueMillis()), last), r.commitLogOffset(), r.queueOffset(),
                            r.recordSize(), r.dueMillis());
                } catch (IOException e) {
                    throw new IllegalStateException("timer log room was made for this append", e);
                }
                moved[0]++;
            }
        });
        long position = log.append(SLOT_DONE, slot.count(), 0, time, NO_RECORD, 0, 0, 0);
        wheel.set(wheel.index(time), new SlotState(0, NO_RECORD, 0, position));
        pending += moved[0] - slot.count();
        firedSlot = time + 1;
    }

    /** Makes {@code horizon} the durable fire horizon (a checkpoint). */
    void extendHorizon(long horizon) throws IOException {
        if (horizon > fireHorizon) {
            fireHorizon = horizon;
            checkpoint();
        }
    }

    /** Changed wheel slots waiting for a checkpoint; the caller checkpoints when this grows large. */
    int changedSlots() {
        return wheel.changedSlots();
    }

    /**
     * Forces the log, then the wheel, then writes the checkpoint; then drops log segments nothing reaches. Skipped
     * when only empty slots were passed since the last one: passing them again after a crash costs nothing.
     */
    void checkpoint() throws IOException {
        if (written != null && written.logEnd() == log.end() && written.readOffset() == readOffset
                && written.fireHorizon() == fireHorizon && written.pending() == pending
                && wheel.changedSlots() == 0) {
            return;
        }
        log.force();
        long logEnd = log.end();
        wheel.flush();
        written = new TimerCheckpoint(readOffset, logEnd, firedSlot, fireHorizon, pending,
                System.currentTimeMillis());
        checkpoints.write(written);
        int deleted = log.deleteDone(firedSlot, logEnd);
        if (deleted > 0) {
            LOG.log(System.Logger.Level.DEBUG, "deleted {0} timer log segments", deleted);
        }
    }

    /**
     * Checkpoints and closes. With {@code nothingInFlight} the fire horizon comes down to the fired slot: no slot
     * at or past it has fired anything, so the next start checks nothing against the store.
     */
    void close(boolean nothingInFlight) throws IOException {
        if (nothingInFlight) {
            fireHorizon = firedSlot;
        }
        try {
            checkpoint();
        } finally {
            wheel.close();
            log.close();
            checkpoints.close();
        }
    }

    /** Releases the files without a checkpoint, as a crash would leave them (for tests). */
    void abandon() throws IOException {
        wheel.close();
        checkpoints.close();
    }

    @Override
    public void close() throws IOException {
        close(false);
    }
}
