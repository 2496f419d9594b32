package io.capsulemq.broker.store.retention;

import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;

import java.io.IOException;
import java.util.Locale;

/**
 * Decides whether the store takes writes: not when the disk is (nearly) full, and not for a moment after a write
 * failed. Reads are never gated. Writes resume by themselves once space returns or the pause has passed.
 */
public final class WriteGate {
    private static final System.Logger LOG = System.getLogger(WriteGate.class.getName());
    private static final long CHECK_EVERY_NANOS = 100_000_000L;
    private static final long PAUSE_AFTER_ERROR_NANOS = 1_000_000_000L;

    private final DiskSpace disk;
    private final double fullRatio;
    private final long minFreeBytes;
    private volatile long nextCheck;
    private volatile PutResult diskRefusal;
    private volatile long pausedUntil;
    private volatile PutResult errorRefusal;

    public WriteGate(DiskSpace disk, double fullRatio, long minFreeBytes) {
        this.disk = disk;
        this.fullRatio = fullRatio;
        this.minFreeBytes = minFreeBytes;
        this.nextCheck = System.nanoTime();
    }

    /** Why a write must be refused now, or null when it may go ahead. */
    public PutResult refusal() {
        long now = System.nanoTime();
        if (now - nextCheck >= 0) {
            nextCheck = now + CHECK_EVERY_NANOS;
            checkDisk();
        }
        PutResult error = errorRefusal;
        if (error != null && now - pausedUntil < 0) {
            return error;
        }
        return diskRefusal;
    }

    private void checkDisk() {
        double used = disk.usedRatio();
        long free = disk.usableBytes();
        PutResult before = diskRefusal;
        if (used > fullRatio || free < minFreeBytes) {
            diskRefusal = PutResult.refused(PutStatus.DISK_FULL, String.format(Locale.ROOT,
                    "disk full: %.1f%% used (limit %.1f%%), %d bytes free (minimum %d); stored messages are kept "
                            + "and can still be read", used * 100, fullRatio * 100, free, minFreeBytes));
            if (before == null) {
                LOG.log(System.Logger.Level.WARNING, diskRefusal.reason());
            }
        } else {
            diskRefusal = null;
            if (before != null) {
                LOG.log(System.Logger.Level.INFO, "disk space is back; writes resume");
            }
        }
    }

    /** A write failed: refuse writes for a moment, then let the next one try again. */
    public void writeFailed(IOException e) {
        String message = String.valueOf(e.getMessage());
        PutStatus status = message.contains("No space left") ? PutStatus.DISK_FULL : PutStatus.SERVICE_NOT_AVAILABLE;
        errorRefusal = PutResult.refused(status, "write to disk failed (" + message + "); nothing of this message "
                + "was stored; writes resume after a pause");
        pausedUntil = System.nanoTime() + PAUSE_AFTER_ERROR_NANOS;
        nextCheck = System.nanoTime();
        LOG.log(System.Logger.Level.ERROR, "write to disk failed; pausing writes", e);
    }

    /** The refusal to answer for a write that failed just now. */
    public PutResult lastErrorRefusal() {
        return errorRefusal;
    }
}
