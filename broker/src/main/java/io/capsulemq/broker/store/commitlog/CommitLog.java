package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.file.StorageFile;
import io.capsulemq.broker.store.file.ZeroFill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import static io.capsulemq.broker.store.commitlog.RecordDescriptor.*;

/**
 * One append-only log for every topic, in fixed-size segment files named by the offset of their first byte.
 * A record never spans two segments: when the next one does not fit, a blank filler closes the segment.
 *
 * <p>Appends are serialised by the caller (the store's appender holds one lock across choosing the position,
 * writing and publishing it); reads are concurrent and never look past {@link #writePosition()}.
 */
public final class CommitLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommitLog.class.getName());
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path dir;
    private final int segmentSize;
    private final FileBackend backend;
    private final int zeroFillAhead;
    private final ConcurrentSkipListMap<Long, StorageFile> segments = new ConcurrentSkipListMap<>();
    private final Object flushLock = new Object();
    private volatile long writePosition;
    private volatile long flushedPosition;
    /** Everything from the write position up to here has been written with zeros; guarded by the append lock. */
    private long zeroedEnd;

    private CommitLog(Path dir, int segmentSize, FileBackend backend, int zeroFillAhead) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.backend = backend;
        this.zeroFillAhead = zeroFillAhead;
    }

    /** Opens the segments in {@code dir}. The write position stays at 0 until {@link #recoverTo} sets it. */
    public static CommitLog open(Path dir, int segmentSize, FileBackend backend) throws IOException {
        return open(dir, segmentSize, backend, 0);
    }

    /**
     * Opens the segments in {@code dir}, writing zeros up to {@code zeroFillAhead} bytes ahead of the records (0:
     * never). Segments are created sparse; a record written into a hole makes the file system allocate blocks, so
     * the fsync after it has to commit that allocation to the journal as well as write the data. Zeros written
     * ahead allocate the blocks in bulk, once per {@code zeroFillAhead} bytes, and the many fsyncs of a synchronous
     * flush then only write data: each is quicker, and every put waiting for one is answered sooner.
     */
    public static CommitLog open(Path dir, int segmentSize, FileBackend backend, int zeroFillAhead)
            throws IOException {
        if (zeroFillAhead < 0) {
            throw new IllegalArgumentException("zeroFillAhead must not be negative: " + zeroFillAhead);
        }
        Files.createDirectories(dir);
        CommitLog log = new CommitLog(dir, segmentSize, backend, zeroFillAhead);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> SegmentNames.isSegment(p.getFileName().toString())).sorted().toList();
        }
        long expected = -1;
        for (Path file : files) {
            long base = SegmentNames.baseOffset(file.getFileName().toString());
            if (base % segmentSize != 0) {
                throw new IOException("segment " + file + " does not start on a multiple of the segment size "
                        + segmentSize + " (was the segment size changed?)");
            }
            if (Files.size(file) != segmentSize) {
                throw new IOException("segment " + file + " has " + Files.size(file) + " bytes, expected "
                        + segmentSize + " (was the segment size changed?)");
            }
            if (expected >= 0 && base != expected) {
                throw new IOException("commit log segments are not contiguous: expected " + SegmentNames.name(expected)
                        + " before " + file.getFileName());
            }
            log.segments.put(base, backend.open(file, segmentSize));
            expected = base + segmentSize;
        }
        return log;
    }

    public int segmentSize() {
        return segmentSize;
    }

    /** The next offset to write; every byte before it has been written to the OS. */
    public long writePosition() {
        return writePosition;
    }

    /** Every byte before this offset has been forced to the device. */
    public long flushedPosition() {
        return flushedPosition;
    }

    /** The smallest offset still stored. */
    public long minOffset() {
        Map.Entry<Long, StorageFile> first = segments.firstEntry();
        return first == null ? writePosition : Math.min(first.getKey(), writePosition);
    }

    /**
     * The position at which a record of {@code length} bytes goes: the write position, or the start of the next
     * segment after writing a blank filler over the rest of this one. Callers hold the append lock.
     */
    public long positionFor(int length) throws IOException {
        long position = writePosition;
        long segmentEnd = segmentBase(position) + segmentSize;
        // Keep room for a blank filler after every record, so a segment can always be closed.
        if (position + length + BLANK_LENGTH > segmentEnd) {
            ByteBuffer blank = ByteBuffer.allocate(BLANK_LENGTH);
            blank.putInt(TOTAL_SIZE_OFFSET, (int) (segmentEnd - position)).putInt(MAGIC_OFFSET, BLANK_MAGIC);
            segmentAt(position).write(blank, position - segmentBase(position));
            position = segmentEnd;
            writePosition = position;
        }
        StorageFile segment = segmentAt(position);
        if (position + length > zeroedEnd && zeroFillAhead > 0) {
            zeroFill(segment, position, position + length);
        }
        return position;
    }

    /**
     * Writes zeros from the write position (or where the zeros already written end) to {@code zeroFillAhead}
     * bytes past {@code end}, within the segment. Only bytes at or after the write position are touched: nothing
     * has been written there yet, and no reader looks there.
     */
    private void zeroFill(StorageFile segment, long position, long end) throws IOException {
        long base = segmentBase(position);
        long from = Math.max(position, zeroedEnd);
        long to = Math.min(base + segmentSize, end + zeroFillAhead);
        ZeroFill.write(segment, from - base, to - base);
        zeroedEnd = to;
    }

    /** Writes a sealed record (or a batch of them) at a position from {@link #positionFor}. */
    public void write(ByteBuffer records, long position) throws IOException {
        segmentAt(position).write(records, position - segmentBase(position));
    }

    /** Makes everything before {@code position} visible to readers. Callers hold the append lock. */
    public void publish(long position) {
        writePosition = position;
    }

    /** Forces everything written so far to the device and returns the new flushed position. */
    public long flush() throws IOException {
        synchronized (flushLock) {
            long target = writePosition;
            long from = flushedPosition;
            if (target <= from) {
                return from;
            }
            for (StorageFile segment : segments.subMap(segmentBase(from), true, segmentBase(target - 1), true)
                    .values()) {
                segment.force();
            }
            flushedPosition = target;
            return target;
        }
    }

    /**
     * Reads the record at {@code offset}, whose length the caller knows (from a consume queue), and checks it.
     */
    public StoredMessage read(long offset, int length) throws IOException, CorruptRecordException {
        if (offset < 0 || length <= 0 || offset + length > writePosition) {
            throw new CorruptRecordException(offset, "range of " + length + " bytes is outside the written log");
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        readFully(buf, offset);
        return RecordCodec.decode(buf.flip(), 0, offset);
    }

    /** Reads the record at {@code offset} when its length is not known: header first, then the rest. */
    public StoredMessage read(long offset) throws IOException, CorruptRecordException {
        if (offset < minOffset() || offset + BODY_OFFSET > writePosition) {
            throw new CorruptRecordException(offset, "offset is outside the written log");
        }
        ByteBuffer header = ByteBuffer.allocate(BLANK_LENGTH);
        readFully(header, offset);
        int length = header.getInt(TOTAL_SIZE_OFFSET);
        if (header.getInt(MAGIC_OFFSET) != MESSAGE_MAGIC || length <= 0) {
            throw new CorruptRecordException(offset, "no message record starts here");
        }
        return read(offset, length);
    }

    /**
     * Reads bytes from {@code offset}, at most to the end of its segment and to {@code limit}; returns how many.
     */
    public int read(ByteBuffer dst, long offset, long limit) throws IOException {
        long segmentEnd = segmentBase(offset) + segmentSize;
        long end = Math.min(segmentEnd, limit);
        if (end <= offset) {
            return 0;
        }
        StorageFile segment = segments.get(segmentBase(offset));
        if (segment == null) {
            throw new ClosedChannelException();
        }
        if (dst.remaining() > end - offset) {
            dst.limit(dst.position() + (int) (end - offset));
        }
        return segment.read(dst, offset - segmentBase(offset));
    }

    private void readFully(ByteBuffer buf, long offset) throws IOException {
        int n = read(buf, offset, writePosition);
        if (buf.hasRemaining()) {
            throw new IOException("short read of " + n + " bytes at commit log offset " + offset);
        }
    }

    /** Whether a segment starts at {@code offset} (the scanner jumps here after a blank filler). */
    public boolean hasSegment(long offset) {
        return segments.containsKey(segmentBase(offset));
    }

    /** The offset one past the last segment's end: how far a recovery scan may look. */
    public long physicalEnd() {
        Map.Entry<Long, StorageFile> last = segments.lastEntry();
        return last == null ? 0 : last.getKey() + segmentSize;
    }

    public long segmentBase(long offset) {
        return offset - Math.floorMod(offset, segmentSize);
    }

    /**
     * Sets the end of the log after recovery and deletes the segments after it. With {@code zeroTail}, everything
     * from {@code end} on in its segment is zeroed too, so that after a crash no torn or stale bytes can ever
     * look like a record; after a clean shutdown the tail is known clean and is left alone.
     */
    public void recoverTo(long end, boolean zeroTail) throws IOException {
        long base = segmentBase(end);
        for (Long later : new ArrayList<>(segments.tailMap(base, end == base).keySet())) {
            deleteSegment(later);
        }
        StorageFile last = segments.get(base);
        if (last != null && zeroTail) {
            zeroFrom(last, end - base);
        }
        writePosition = end;
        flushedPosition = end;
    }

    private void zeroFrom(StorageFile segment, long from) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(ZERO_CHUNK);
        ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
        boolean wrote = false;
        for (long at = from; at < segmentSize; at += ZERO_CHUNK) {
            int len = (int) Math.min(ZERO_CHUNK, segmentSize - at);
            chunk.clear().limit(len);
            segment.read(chunk, at);
            chunk.flip();
            if (!isZero(chunk)) {
                segment.write(zeros.clear().limit(len), at);
                wrote = true;
            }
        }
        if (wrote) {
            segment.force();
        }
    }

    private static boolean isZero(ByteBuffer buf) {
        while (buf.remaining() >= Long.BYTES) {
            if (buf.getLong() != 0) {
                return false;
            }
        }
        while (buf.hasRemaining()) {
            if (buf.get() != 0) {
                return false;
            }
        }
        return true;
    }

    /** Segments other than the one being written, oldest first, with their files: retention's candidates. */
    public List<Long> closedSegmentBases() {
        long active = segmentBase(writePosition);
        return List.copyOf(segments.headMap(active, false).keySet());
    }

    public Path segmentPath(long base) {
        return dir.resolve(SegmentNames.name(base));
    }

    /** Deletes a whole segment; readers of it get a ClosedChannelException and treat it as removed. */
    public void deleteSegment(long base) throws IOException {
        StorageFile segment = segments.remove(base);
        if (segment != null) {
            segment.close();
            Files.deleteIfExists(segment.path());
            LOG.log(System.Logger.Level.INFO, "deleted commit log segment {0}", segment.path());
        }
    }

    private StorageFile segmentAt(long position) throws IOException {
        long base = segmentBase(position);
        StorageFile segment = segments.get(base);
        if (segment == null) {
            segment = backend.open(dir.resolve(SegmentNames.name(base)), segmentSize);
            segments.put(base, segment);
        }
        return segment;
    }

    @Override
    public void close() {
        IOException first = null;
        for (StorageFile segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        segments.clear();
        if (first != null) {
            throw new UncheckedIOException(first);
        }
    }
}
