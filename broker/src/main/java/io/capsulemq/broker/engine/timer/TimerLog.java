package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.file.ZeroFill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import static io.capsulemq.broker.engine.timer.TimerLogDescriptor.*;

/**
 * The append-only timer log: fixed 64-byte records in memory-mapped segment files (see
 * {@link TimerLogDescriptor}). Segment files are written with zeros before they are mapped, so a full disk fails
 * their creation with an IOException, never a later mapped write with SIGBUS. Not thread-safe: one owner.
 */
final class TimerLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TimerLog.class.getName());
    private static final byte[] ZEROS = new byte[RECORD_SIZE];

    private final Path dir;
    private final int segmentBytes;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final byte[] scratch = new byte[RECORD_SIZE];
    private final ByteBuffer scratchView = ByteBuffer.wrap(scratch);
    private final CRC32C crc = new CRC32C();
    /** The next position to append at; at a segment boundary the next append opens a segment there. */
    private long end;

    private static final class Segment {
        final Path file;
        final long base;
        final MappedByteBuffer buffer;
        boolean dirty;
        /** Highest slot time of any entry in it; -1 if none. */
        long maxSlotTime = -1;

        Segment(Path file, long base, MappedByteBuffer buffer) {
            this.file = file;
            this.base = base;
            this.buffer = buffer;
        }
    }

    private TimerLog(Path dir, int segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Maps the segments in {@code dir}. The append position is unknown until {@link #truncate} sets it, after the
     * caller has found where the intact log ends.
     */
    static TimerLog open(Path dir, int segmentBytes) throws IOException {
        Files.createDirectories(dir);
        TimerLog log = new TimerLog(dir, segmentBytes);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            OptionalLong base = parseFileName(file.getFileName().toString());
            if (base.isEmpty()) {
                continue;
            }
            long size = Files.size(file);
            if (base.getAsLong() % segmentBytes != 0 || size > segmentBytes) {
                throw new IOException("timer log segment " + file + " does not fit a segment size of " + segmentBytes
                        + " bytes (was the segment size changed?)");
            }
            if (size < segmentBytes) {
                // Its creation was cut short before anything was written into it.
                LOG.log(System.Logger.Level.WARNING, "removing incomplete timer log segment {0}", file);
                Files.delete(file);
                continue;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                log.segments.put(base.getAsLong(), new Segment(file, base.getAsLong(),
                        channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes)));
            }
        }
        log.learnSlotTimes();
        return log;
    }

    /** Each segment's highest slot time: from its successor's start record, else by reading its entries. */
    private void learnSlotTimes() {
        for (Segment segment : segments.values()) {
            TimerRecord start = read(segment.base + segmentBytes);
            if (start != null && start.kind() == SEGMENT_START) {
                segment.maxSlotTime = start.slotTime();
                continue;
            }
            for (long p = segment.base + RECORD_SIZE; p < segment.base + segmentBytes; p += RECORD_SIZE) {
                TimerRecord r = read(p);
                if (r == null) {
                    break;
                }
                if (r.isEntry()) {
                    segment.maxSlotTime = Math.max(segment.maxSlotTime, r.slotTime());
                }
            }
        }
    }

    int segmentBytes() {
        return segmentBytes;
    }

    long end() {
        return end;
    }

    /** The intact record at {@code position}, or null if none lies there (missing, zeros, torn or stale). */
    TimerRecord read(long position) {
        Map.Entry<Long, Segment> entry = segments.floorEntry(position);
        if (entry == null || position < 0 || position % RECORD_SIZE != 0
                || position >= entry.getKey() + segmentBytes) {
            return null;
        }
        entry.getValue().buffer.get((int) (position - entry.getKey()), scratch);
        ByteBuffer b = scratchView;
        int kind = b.getInt(KIND_OFFSET);
        if (!isKnownKind(kind) || b.getLong(POSITION_OFFSET) != position) {
            return null;
        }
        crc.reset();
        crc.update(scratch, CRC_COVERED_FROM, RECORD_SIZE - CRC_COVERED_FROM);
        if ((int) crc.getValue() != b.getInt(CRC_OFFSET)) {
            return null;
        }
        return new TimerRecord(kind, position, b.getLong(SLOT_TIME_OFFSET), b.getLong(PREVIOUS_OFFSET),
                b.getLong(COMMIT_LOG_OFFSET_OFFSET), b.getLong(QUEUE_OFFSET_OFFSET), b.getLong(DUE_OFFSET),
                b.getInt(COUNT_OFFSET), b.getInt(RECORD_SIZE_OFFSET));
    }

    /**
     * Visits every intact record from {@code from} (segment starts excepted) in order, and returns where the
     * intact log ends: the first position holding no intact record.
     */
    long scan(long from, Consumer<TimerRecord> visitor) {
        long p = from;
        while (true) {
            if (p % segmentBytes == 0) {
                TimerRecord start = read(p);
                if (start == null || start.kind() != SEGMENT_START) {
                    return p;
                }
                p += RECORD_SIZE;
            }
            TimerRecord r = read(p);
            if (r == null || r.kind() == SEGMENT_START) {
                return p;
            }
            visitor.accept(r);
            p += RECORD_SIZE;
        }
    }

    /**
     * Visits every intact entry record ({@code SCHEDULE} or {@code ROLL}) in the segments still kept, up to the end,
     * segment by segment: segments deleted from the middle leave holes that {@link #scan} would stop at.
     */
    void forEachEntryRecord(Consumer<TimerRecord> visitor) {
        for (Segment s : segments.values()) {
            long limit = Math.min(s.base + segmentBytes, end);
            for (long p = s.base + RECORD_SIZE; p < limit; p += RECORD_SIZE) {
                TimerRecord r = read(p);
                if (r == null) {
                    break;
                }
                if (r.isEntry()) {
                    visitor.accept(r);
                }
            }
        }
    }

    /**
     * Makes {@code position} the end of the log: zeros what follows it in its segment, deletes later segments and
     * forces the change, so nothing stale past the end can ever be read as a record.
     */
    void truncate(long position) throws IOException {
        if (position < 0 || position % RECORD_SIZE != 0) {
            throw new IllegalArgumentException("bad timer log position " + position);
        }
        boolean atBoundary = position % segmentBytes == 0;
        long keepBase = atBoundary ? position - segmentBytes : position - position % segmentBytes;
        for (Segment s : new ArrayList<>(segments.tailMap(keepBase, false).values())) {
            segments.remove(s.base);
            Files.deleteIfExists(s.file);
        }
        Segment last = segments.get(keepBase);
        if (!atBoundary && last != null) {
            for (int at = (int) (position - keepBase); at < segmentBytes; at += RECORD_SIZE) {
                last.buffer.put(at, ZEROS);
            }
            last.buffer.force();
        }
        forceDirectory();
        end = position;
    }

    /** Creates, ahead of time, every segment the next {@code records} appends need, so they cannot fail. */
    void ensureCapacity(int records) throws IOException {
        long p = end;
        long left = records;
        while (left > 0) {
            if (p % segmentBytes == 0) {
                segmentFor(p);
                p += RECORD_SIZE;
            }
            long room = (p - p % segmentBytes + segmentBytes - p) / RECORD_SIZE;
            long take = Math.min(room, left);
            left -= take;
            p += take * RECORD_SIZE;
        }
    }

    /**
     * Appends a record and returns its position. Only opening a new segment can fail, and it fails before anything
     * is written.
     */
    long append(int kind, int count, int recordSize, long slotTime, long previous, long commitLogOffset,
                long queueOffset, long dueMillis) throws IOException {
        if (end % segmentBytes == 0) {
            Segment fresh = segmentFor(end);
            Segment before = segments.get(end - segmentBytes);
            write(fresh, end, SEGMENT_START, 0, 0, before == null ? -1 : before.maxSlotTime, 0, 0, 0, 0);
            end += RECORD_SIZE;
        }
        Segment segment = segments.get(end - end % segmentBytes);
        long position = end;
        write(segment, position, kind, count, recordSize, slotTime, previous, commitLogOffset, queueOffset,
                dueMillis);
        if (isEntry(kind)) {
            segment.maxSlotTime = Math.max(segment.maxSlotTime, slotTime);
        }
        end += RECORD_SIZE;
        return position;
    }

    private void write(Segment segment, long position, int kind, int count, int recordSize, long slotTime,
                       long previous, long commitLogOffset, long queueOffset, long dueMillis) {
        ByteBuffer b = scratchView;
        b.putInt(KIND_OFFSET, kind).putInt(COUNT_OFFSET, count).putInt(RECORD_SIZE_OFFSET, recordSize)
                .putLong(POSITION_OFFSET, position).putLong(SLOT_TIME_OFFSET, slotTime)
                .putLong(PREVIOUS_OFFSET, previous).putLong(COMMIT_LOG_OFFSET_OFFSET, commitLogOffset)
                .putLong(QUEUE_OFFSET_OFFSET, queueOffset).putLong(DUE_OFFSET, dueMillis);
        crc.reset();
        crc.update(scratch, CRC_COVERED_FROM, RECORD_SIZE - CRC_COVERED_FROM);
        b.putInt(CRC_OFFSET, (int) crc.getValue());
        segment.buffer.put((int) (position - segment.base), scratch);
        segment.dirty = true;
    }

    private Segment segmentFor(long base) throws IOException {
        Segment existing = segments.get(base);
        if (existing != null) {
            return existing;
        }
        Path file = dir.resolve(fileName(base));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ZeroFill.write(channel, 0, segmentBytes);
            Segment created = new Segment(file, base, channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes));
            segments.put(base, created);
            forceDirectory();
            return created;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Forces every segment written since the last force. */
    void force() {
        for (Segment s : segments.values()) {
            if (s.dirty) {
                s.buffer.force();
                s.dirty = false;
            }
        }
    }

    /**
     * Deletes segments that lie wholly before {@code durableEnd} and hold no entry of a slot time at or after
     * {@code firedSlot}: nothing can reach them any more. Returns how many were deleted.
     */
    int deleteDone(long firedSlot, long durableEnd) throws IOException {
        int deleted = 0;
        for (Segment s : new ArrayList<>(segments.values())) {
            if (s.base + segmentBytes > durableEnd) {
                break;
            }
            if (s.maxSlotTime < firedSlot && segments.higherKey(s.base) != null) {
                segments.remove(s.base);
                Files.deleteIfExists(s.file);
                deleted++;
            }
        }
        return deleted;
    }

    int segmentCount() {
        return segments.size();
    }

    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every platform can force a directory.
        }
    }

    @Override
    public void close() {
        force();
        segments.clear();
    }
}
