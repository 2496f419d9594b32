package io.capsulemq.broker.store.retention;

import io.capsulemq.broker.store.commitlog.CommitLog;
import io.capsulemq.broker.store.index.IndexService;
import io.capsulemq.broker.store.queue.ConsumeQueues;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Deletes the oldest commit log segments once they are older than the reserved time or while the disk is fuller
 * than allowed, then the consume queue and index files that only point into them. The segment being written is
 * never deleted.
 *
 * <p><b>Guards.</b> Parts of the broker that read records back long after they were written (the timer, pending
 * transactions) each register a guard naming the lowest commit log offset they still need. A segment is deleted
 * for its age only if it ends at or below every guard's offset. A disk fuller than the maximum ratio overrides
 * the guards: the oldest segments go regardless, the records a guard needed in them are lost, and this is logged
 * as an error; their owners find them missing when they read them and log each loss.
 */
public final class RetentionService {
    private static final System.Logger LOG = System.getLogger(RetentionService.class.getName());

    private final CommitLog log;
    private final ConsumeQueues queues;
    private final IndexService index;
    private final DiskSpace disk;
    private final Duration reservedTime;
    private final double maxUsedRatio;
    private final Clock clock;
    private final List<Guard> guards = new CopyOnWriteArrayList<>();
    /** The last hold logged at INFO; the same hold found again is logged at DEBUG. Guarded by this. */
    private Hold lastLoggedHold;

    /** A registered guard. */
    private record Guard(String name, LongSupplier lowestNeededOffset) {
    }

    /** The lowest offset any guard needs, and the guard that needs it ({@code null} when none needs anything). */
    private record Hold(String guard, long offset) {
        static final Hold NONE = new Hold(null, Long.MAX_VALUE);
    }

    public RetentionService(CommitLog log, ConsumeQueues queues, IndexService index, DiskSpace disk,
                            Duration reservedTime, double maxUsedRatio, Clock clock) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.disk = disk;
        this.reservedTime = reservedTime;
        this.maxUsedRatio = maxUsedRatio;
        this.clock = clock;
    }

    /**
     * Registers a guard: {@code lowestNeededOffset} gives the lowest commit log offset its owner still needs
     * ({@link Long#MAX_VALUE}: none). It is asked at most once a round, and only when the oldest segment could go
     * (old enough, or the disk too full), on the thread running the round; it must be thread-safe and may read
     * from the store. One that throws holds back everything for that round. Thread-safe.
     */
    public void addGuard(String name, LongSupplier lowestNeededOffset) {
        guards.add(new Guard(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(lowestNeededOffset, "lowestNeededOffset")));
    }

    /** One round: returns how many segments were deleted. Rounds run one at a time (the scheduled and asked ones). */
    public synchronized int clean() throws IOException {
        int deleted = 0;
        long now = clock.millis();
        Hold hold = null;
        for (long base : log.closedSegmentBases()) {
            long modified = Files.getLastModifiedTime(log.segmentPath(base)).toMillis();
            boolean expired = now - modified > reservedTime.toMillis();
            boolean diskPressure = disk.usedRatio() > maxUsedRatio;
            if (!expired && !diskPressure) {
                break;
            }
            if (hold == null) {
                hold = lowestHold();
            }
            // Segments are contiguous and never span a record: this one ends where the next begins.
            boolean needed = hold.offset() < base + log.segmentSize();
            if (needed && !diskPressure) {
                logHeldBack(base, hold);
                break;
            }
            if (needed) {
                LOG.log(System.Logger.Level.ERROR, "deleting commit log segment {0} although guard \"{1}\" still "
                                + "needs offset {2}: the disk is more than {3}% used; the records it needed there "
                                + "are lost", log.segmentPath(base), hold.guard(), hold.offset(), maxUsedRatio * 100);
            } else {
                LOG.log(System.Logger.Level.INFO, "deleting commit log segment {0}: {1}", log.segmentPath(base),
                        diskPressure ? "disk more than " + maxUsedRatio * 100 + "% used" : "older than " + reservedTime);
            }
            log.deleteSegment(base);
            deleted++;
        }
        if (deleted > 0) {
            long min = log.minOffset();
            queues.deleteAllBelow(min);
            index.deleteFilesBelow(min);
        }
        return deleted;
    }

    private Hold lowestHold() {
        Hold lowest = Hold.NONE;
        for (Guard guard : guards) {
            long offset;
            try {
                offset = guard.lowestNeededOffset().getAsLong();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "retention guard \"" + guard.name() + "\" failed; keeping every "
                        + "segment this round", e);
                offset = Long.MIN_VALUE;
            }
            if (offset < lowest.offset()) {
                lowest = new Hold(guard.name(), offset);
            }
        }
        return lowest;
    }

    private void logHeldBack(long base, Hold hold) {
        Hold logged = new Hold(hold.guard(), base);
        System.Logger.Level level = logged.equals(lastLoggedHold) ? System.Logger.Level.DEBUG
                : System.Logger.Level.INFO;
        lastLoggedHold = logged;
        LOG.log(level, "keeping commit log segment {0} and later ones past {1}: guard \"{2}\" still needs offset {3}",
                log.segmentPath(base), reservedTime, hold.guard(), hold.offset());
    }
}
