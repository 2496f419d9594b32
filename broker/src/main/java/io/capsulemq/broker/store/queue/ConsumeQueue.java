package io.capsulemq.broker.store.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The consume queue of one (topic, queueId): entry n locates the n-th message of the queue in the commit log.
 *
 * <p>Threading: one writer (the dispatcher) appends; retention, recovery and flushing may run on other threads and
 * are serialised with it by a lock. Readers take no lock: they read {@link #maxOffset()} (volatile, published after
 * the entry bytes are written) and then only slots below it, so they never see a half-written entry.
 */
public final class ConsumeQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConsumeQueue.class.getName());

    private final Path queueDir;
    private final String topic;
    private final int queueId;
    private final int entriesPerSegment;
    private final ConsumeQueueSegment.ChannelOpener opener;
    /** Keyed by first queue offset; a concurrent map because readers look segments up without the lock. */
    private final ConcurrentSkipListMap<Long, ConsumeQueueSegment> segments = new ConcurrentSkipListMap<>();
    /** Serialises all mutations (put, truncate, retention, load, close); readers never take it. */
    private final ReentrantLock writeLock = new ReentrantLock();

    private volatile long minOffset;
    private volatile long maxOffset;
    private volatile boolean closed;

    public ConsumeQueue(Path queueDir, String topic, int queueId, int entriesPerSegment) {
        this(queueDir, topic, queueId, entriesPerSegment, ConsumeQueueSegment.ChannelOpener.DEFAULT);
    }

    ConsumeQueue(Path queueDir, String topic, int queueId, int entriesPerSegment,
            ConsumeQueueSegment.ChannelOpener opener) {
        this.opener = opener;
        this.queueDir = queueDir;
        this.topic = topic;
        this.queueId = queueId;
        ConsumeQueueDescriptor.segmentBytes(entriesPerSegment); // validates the count early
        this.entriesPerSegment = entriesPerSegment;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    public Path queueDir() {
        return queueDir;
    }

    /**
     * Maps the existing segments and derives the offsets: maxOffset is the first empty slot of the last segment,
     * minOffset the first segment's first offset until {@link #correctMinOffset(long)} refines it.
     */
    public void load() throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            if (!segments.isEmpty()) {
                throw new IllegalStateException(this + " is already loaded");
            }
            TreeMap<Long, Path> files = segmentFiles();
            if (files.isEmpty()) {
                return;
            }
            long expected = files.firstKey();
            for (Map.Entry<Long, Path> file : files.entrySet()) {
                long first = file.getKey();
                if (first % entriesPerSegment != 0 || first != expected) {
                    throw new IOException("consume queue " + this + " expects segment "
                            + ConsumeQueueDescriptor.fileName(expected) + " but found " + file.getValue()
                            + " (missing segment or another entriesPerSegment)");
                }
                expected = first + entriesPerSegment;
            }
            Map<Long, ConsumeQueueSegment> mapped = new TreeMap<>();
            for (Map.Entry<Long, Path> file : files.entrySet()) {
                boolean last = file.getKey().equals(files.lastKey());
                mapped.put(file.getKey(),
                        ConsumeQueueSegment.open(opener, file.getValue(), file.getKey(), entriesPerSegment, last));
            }
            segments.putAll(mapped);
            ConsumeQueueSegment last = segments.lastEntry().getValue();
            maxOffset = last.firstOffset() + last.writtenSlots();
            minOffset = segments.firstKey();
        } finally {
            writeLock.unlock();
        }
    }

    private TreeMap<Long, Path> segmentFiles() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        if (!Files.isDirectory(queueDir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(queueDir)) {
            for (Path file : stream) {
                OptionalLong first = ConsumeQueueDescriptor.parseFileName(file.getFileName().toString());
                if (first.isPresent() && Files.isRegularFile(file)) {
                    files.put(first.getAsLong(), file);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "ignoring unexpected file {0} in consume queue folder", file);
                }
            }
        }
        return files;
    }

    /**
     * Writes the entry at {@code queueOffset}, which must be {@link #maxOffset()}. Re-dispatching an entry already
     * written (same commit log offset) after recovery is a no-op; anything else below maxOffset, or a gap above it,
     * is refused because it means the queue and the commit log disagree.
     *
     * @throws IOException if a new segment cannot be allocated (e.g. the disk is full); nothing is written then
     */
    public void put(long queueOffset, long commitLogOffset, int size, long tagsCode) throws IOException {
        if (queueOffset < 0 || commitLogOffset < 0) {
            throw new IllegalArgumentException("negative offset: queueOffset " + queueOffset + ", commitLogOffset "
                    + commitLogOffset);
        }
        if (size <= 0) {
            // Size 0 marks an empty slot on disk, so such an entry could never be read back.
            throw new IllegalArgumentException("entry size must be positive: " + size);
        }
        writeLock.lock();
        try {
            ensureOpen();
            long max = maxOffset;
            if (queueOffset < max) {
                checkAlreadyWritten(queueOffset, commitLogOffset);
                return;
            }
            if (queueOffset > max) {
                throw new IllegalStateException("consume queue " + this + ": put at queue offset " + queueOffset
                        + " would leave a gap; the next offset to write is " + max);
            }
            ConsumeQueueSegment segment = segments.get(segmentStart(queueOffset));
            if (segment == null) {
                segment = createSegment(segmentStart(queueOffset));
            }
            segment.write(slotOf(queueOffset), commitLogOffset, size, tagsCode);
            maxOffset = queueOffset + 1; // publishes the entry to readers
        } finally {
            writeLock.unlock();
        }
    }

    private void checkAlreadyWritten(long queueOffset, long commitLogOffset) {
        ConsumeQueueSegment segment = segments.get(segmentStart(queueOffset));
        if (segment == null) {
            // Already removed by retention; its message is gone from the commit log too, nothing to compare.
            return;
        }
        ConsumeQueueEntry existing = segment.read(slotOf(queueOffset));
        if (existing == null || existing.commitLogOffset() != commitLogOffset) {
            throw new IllegalStateException("consume queue " + this + ": queue offset " + queueOffset
                    + " already holds commit log offset " + (existing == null ? "none" : existing.commitLogOffset())
                    + "; refusing to overwrite it with " + commitLogOffset);
        }
    }

    private ConsumeQueueSegment createSegment(long firstOffset) throws IOException {
        Files.createDirectories(queueDir);
        ConsumeQueueSegment segment = ConsumeQueueSegment.create(opener,
                queueDir.resolve(ConsumeQueueDescriptor.fileName(firstOffset)), firstOffset, entriesPerSegment);
        segments.put(firstOffset, segment);
        return segment;
    }

    /** The first readable queue offset. */
    public long minOffset() {
        return minOffset;
    }

    /** The next queue offset to write; every offset in [minOffset, maxOffset) is readable. */
    public long maxOffset() {
        return maxOffset;
    }

    /** The entry at {@code queueOffset}, or empty if it is outside [minOffset, maxOffset). */
    public Optional<ConsumeQueueEntry> entry(long queueOffset) {
        long max = maxOffset;
        if (queueOffset < minOffset || queueOffset >= max) {
            return Optional.empty();
        }
        return Optional.ofNullable(readWritten(queueOffset));
    }

    /**
     * Up to {@code maxCount} consecutive entries starting exactly at {@code fromOffset}; empty if fromOffset is
     * outside [minOffset, maxOffset) (the caller tells "too small" from "none yet" with minOffset/maxOffset).
     */
    public List<ConsumeQueueEntry> entries(long fromOffset, int maxCount) {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must not be negative: " + maxCount);
        }
        long max = maxOffset;
        if (maxCount == 0 || fromOffset < minOffset || fromOffset >= max) {
            return List.of();
        }
        long end = Math.min(max, fromOffset + maxCount);
        List<ConsumeQueueEntry> result = new ArrayList<>((int) (end - fromOffset));
        long offset = fromOffset;
        while (offset < end) {
            ConsumeQueueSegment segment = segments.get(segmentStart(offset));
            if (segment == null) {
                break; // removed concurrently by retention or truncation
            }
            ByteBuffer view = segment.view();
            long segmentEnd = Math.min(end, segment.endOffset());
            for (; offset < segmentEnd; offset++) {
                ConsumeQueueEntry entry = segment.read(view, slotOf(offset));
                if (entry == null) {
                    return result; // zeroed concurrently by truncation
                }
                result.add(entry);
            }
        }
        return result;
    }

    /** Commit log offset of the last entry, -1 if the queue holds none. */
    public long lastCommitLogOffset() {
        long max = maxOffset;
        if (max == 0) {
            return -1;
        }
        ConsumeQueueEntry last = readWritten(max - 1);
        return last == null ? -1 : last.commitLogOffset();
    }

    /**
     * The first queue offset in [minOffset, maxOffset) whose entry satisfies a predicate that is false for a prefix
     * of the queue and true afterwards; maxOffset if it holds for none.
     */
    public long firstOffsetMatching(Predicate<ConsumeQueueEntry> monotonePredicate) {
        long max = maxOffset;
        long found = firstOffsetWhere(minOffset, max, monotonePredicate);
        return Math.min(found, maxOffset);
    }

    /** Binary search over written slots; a slot that vanished concurrently counts as "not yet". */
    private long firstOffsetWhere(long from, long to, Predicate<ConsumeQueueEntry> monotonePredicate) {
        long low = from;
        long high = to;
        while (low < high) {
            long mid = (low + high) >>> 1;
            ConsumeQueueEntry entry = readWritten(mid);
            if (entry != null && monotonePredicate.test(entry)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** Reads a slot without range checks; null if its segment is gone or the slot is empty. */
    private ConsumeQueueEntry readWritten(long queueOffset) {
        ConsumeQueueSegment segment = segments.get(segmentStart(queueOffset));
        return segment == null ? null : segment.read(slotOf(queueOffset));
    }

    /**
     * Recovery: removes every trailing entry whose commit log offset is at or beyond {@code commitLogOffset}
     * (messages the commit log no longer holds), deletes segments left wholly empty and resets maxOffset.
     */
    public void truncateFrom(long commitLogOffset) throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            long max = maxOffset;
            if (segments.isEmpty()) {
                return;
            }
            long newMax = firstOffsetWhere(segments.firstKey(), max, e -> e.commitLogOffset() >= commitLogOffset);
            if (newMax >= max) {
                return;
            }
            // Shrink the readable range before touching the bytes so readers stop short of them.
            maxOffset = newMax;
            if (minOffset > newMax) {
                minOffset = newMax;
            }
            List<ConsumeQueueSegment> emptied = new ArrayList<>();
            for (ConsumeQueueSegment segment : segments.tailMap(segmentStart(newMax), true).values()) {
                if (segment.firstOffset() >= newMax && mayDeleteEmptied(segment, newMax)) {
                    emptied.add(segment);
                    continue;
                }
                long zeroFrom = Math.max(newMax, segment.firstOffset());
                long zeroTo = Math.min(max, segment.endOffset());
                if (zeroTo > zeroFrom) {
                    segment.zero((int) (zeroFrom - segment.firstOffset()), (int) (zeroTo - segment.firstOffset()));
                    segment.flush(); // recovery must be durable before dispatch resumes
                }
            }
            for (ConsumeQueueSegment segment : emptied) {
                segment.deleteFile();
                segments.remove(segment.firstOffset());
            }
            LOG.log(System.Logger.Level.INFO, "consume queue {0} truncated from commit log offset {1}: "
                    + "max offset {2} -> {3}, {4} segment(s) deleted", this, Long.toString(commitLogOffset),
                    Long.toString(max), Long.toString(newMax), emptied.size());
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether a wholly emptied segment may be deleted. The one exception: when it would be the queue's last file
     * and its offsets are not zero, it is kept (empty) so a restart still knows where the queue continues.
     */
    private boolean mayDeleteEmptied(ConsumeQueueSegment segment, long newMax) {
        return segment.firstOffset() > newMax || segments.lowerKey(segment.firstOffset()) != null || newMax == 0;
    }

    /**
     * Retention: deletes whole segment files (never the last one) whose entries all point below
     * {@code minCommitLogOffset}, then moves minOffset to the first entry at or above it (maxOffset if none).
     *
     * @return the new minOffset
     */
    public long deleteBelow(long minCommitLogOffset) throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            long newMin = firstOffsetWhere(minOffset, maxOffset, e -> e.commitLogOffset() >= minCommitLogOffset);
            // Raise minOffset first so readers stop asking for slots in the segments about to go.
            minOffset = newMin;
            List<ConsumeQueueSegment> obsolete = new ArrayList<>();
            for (ConsumeQueueSegment segment : segments.headMap(segments.isEmpty() ? 0L : segments.lastKey())
                    .values()) {
                if (segment.endOffset() > newMin) {
                    break; // it still holds an entry at or above the minimum
                }
                obsolete.add(segment);
            }
            for (ConsumeQueueSegment segment : obsolete) {
                segment.deleteFile();
                segments.remove(segment.firstOffset());
                LOG.log(System.Logger.Level.DEBUG, "consume queue {0}: deleted segment {1}", this, segment);
            }
            return newMin;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * After {@link #load()}: moves minOffset to the first entry whose commit log offset is at or above
     * {@code minCommitLogOffset} (the commit log's first offset), as retention may have deleted commit log files
     * but not yet the whole consume queue segment.
     */
    public void correctMinOffset(long minCommitLogOffset) {
        writeLock.lock();
        try {
            ensureOpen();
            long from = segments.isEmpty() ? maxOffset : segments.firstKey();
            minOffset = firstOffsetWhere(from, maxOffset, e -> e.commitLogOffset() >= minCommitLogOffset);
        } finally {
            writeLock.unlock();
        }
    }

    /** Forces the segments changed since the last flush. Takes no lock so appends are not held up by disk I/O. */
    public void flush() throws IOException {
        IOException failure = null;
        for (ConsumeQueueSegment segment : segments.values()) {
            try {
                segment.flush();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether some segment changed since the last flush (its data may still be only in the page cache). */
    boolean hasUnflushedChanges() {
        for (ConsumeQueueSegment segment : segments.values()) {
            if (segment.isDirty()) {
                return true;
            }
        }
        return false;
    }

    /** Flushes and drops the mappings (GC unmaps them); later puts are refused. */
    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            segments.clear();
        } finally {
            writeLock.unlock();
        }
    }

    /** Topic deletion: removes the segment files and the queue folder; the queue is closed afterwards. */
    public void deleteFiles() throws IOException {
        writeLock.lock();
        try {
            closed = true;
            minOffset = 0;
            maxOffset = 0;
            for (ConsumeQueueSegment segment : segments.values()) {
                segment.deleteFile();
            }
            segments.clear();
            // Files from before load() or not ours stay untouched; only our segment files are removed.
            for (Path file : segmentFiles().values()) {
                Files.deleteIfExists(file);
            }
            try {
                Files.deleteIfExists(queueDir);
            } catch (DirectoryNotEmptyException e) {
                LOG.log(System.Logger.Level.WARNING, "consume queue folder {0} still holds foreign files", queueDir);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("consume queue " + this + " is closed");
        }
    }

    private long segmentStart(long queueOffset) {
        return queueOffset - queueOffset % entriesPerSegment;
    }

    private int slotOf(long queueOffset) {
        return (int) (queueOffset % entriesPerSegment);
    }

    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}
