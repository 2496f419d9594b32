package io.capsulemq.broker.store.retention;

import io.capsulemq.broker.store.commitlog.CommitLog;
import io.capsulemq.broker.store.index.IndexService;
import io.capsulemq.broker.store.queue.ConsumeQueues;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * Deletes the oldest commit log segments once they are older than the reserved time or while the disk is fuller
 * than allowed, then the consume queue and index files that only point into them. The segment being written is
 * never deleted.
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

    /** One round: returns how many segments were deleted. */
    public int clean() throws IOException {
        int deleted = 0;
        long now = clock.millis();
        for (long base : log.closedSegmentBases()) {
            long modified = Files.getLastModifiedTime(log.segmentPath(base)).toMillis();
            boolean expired = now - modified > reservedTime.toMillis();
            boolean diskPressure = disk.usedRatio() > maxUsedRatio;
            if (!expired && !diskPressure) {
                break;
            }
            LOG.log(System.Logger.Level.INFO, "deleting commit log segment {0}: {1}", log.segmentPath(base),
                    expired ? "older than " + reservedTime : "disk more than " + maxUsedRatio * 100 + "% used");
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
}
