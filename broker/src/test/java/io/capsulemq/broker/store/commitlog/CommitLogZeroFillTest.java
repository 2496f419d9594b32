package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.file.StorageFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Zeros written ahead of the records, for quicker synchronous flushes, never touch a written byte. */
class CommitLogZeroFillTest {
    private static final int SEGMENT = 64 * 1024;
    private static final int AHEAD = 4096;

    @TempDir
    Path dir;

    private final RecordCodec codec = new RecordCodec(8192, new InetSocketAddress("127.0.0.1", 10911));
    private final List<long[]> zeroWrites = new ArrayList<>();
    private long queueOffset;
    private long writePositionSeen;

    /** The local file system, noting every all-zero write with the log's write position at that moment. */
    private final FileBackend recording = (path, size) -> {
        StorageFile file = FileBackend.LOCAL.open(path, size);
        long base = Long.parseLong(path.getFileName().toString());
        return new StorageFile() {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                if (isZero(src)) {
                    zeroWrites.add(new long[] {base + position, base + position + src.remaining(), writePositionSeen});
                }
                file.write(src, position);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return file.read(dst, position);
            }

            @Override
            public void force() throws IOException {
                file.force();
            }

            @Override
            public Path path() {
                return file.path();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    };

    private static boolean isZero(ByteBuffer src) {
        for (int i = src.position(); i < src.limit(); i++) {
            if (src.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private long append(CommitLog log, int bodySize) throws Exception {
        MessageToStore m = MessageToStore.builder("T", 0).body(new byte[bodySize]).build();
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.encodedLength(m));
        codec.encode(m, buf);
        writePositionSeen = log.writePosition();
        long position = log.positionFor(buf.limit());
        RecordCodec.seal(buf, 0, queueOffset++, position, System.currentTimeMillis());
        log.write(buf.flip(), position);
        log.publish(position + buf.limit());
        return position;
    }

    @Test
    void shouldWriteZerosOnlyAheadOfTheRecordsAndWithinTheSegment() throws Exception {
        List<Long> positions = new ArrayList<>();
        try (CommitLog log = CommitLog.open(dir, SEGMENT, recording, AHEAD)) {
            for (int i = 0; i < 60; i++) {
                positions.add(append(log, 1000 + 97 * i % 3000));
            }
            assertTrue(log.writePosition() > 2L * SEGMENT, "the records fill more than two segments");
            assertFalse(zeroWrites.isEmpty(), "zeros were written ahead");
            for (long[] write : zeroWrites) {
                long from = write[0];
                long to = write[1];
                assertTrue(from >= write[2], "zeros at " + from + " behind the write position " + write[2]);
                assertEquals(from / SEGMENT, (to - 1) / SEGMENT, "zeros across a segment end: " + from + ".." + to);
            }
            // Every record reads back whole and checked, in order.
            List<Long> scanned = new ArrayList<>();
            new CommitLogScanner(log, 16 * 1024).scan(0, log.writePosition(),
                    (buf, start, offset, length) -> scanned.add(offset));
            assertEquals(positions, scanned);
        }
    }

    @Test
    void shouldWriteEveryRecordOverZerosWrittenBeforeIt() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, recording, AHEAD)) {
            for (int i = 0; i < 100; i++) {
                long position = append(log, 700 + 31 * i);
                long end = log.writePosition();
                // The zeros run contiguously from the first record of each segment on.
                long segmentBase = position - position % SEGMENT;
                long zeroedFrom = zeroWrites.stream().filter(w -> w[0] >= segmentBase).mapToLong(w -> w[0]).min()
                        .orElseThrow();
                long zeroedTo = zeroWrites.stream().filter(w -> w[0] >= segmentBase).mapToLong(w -> w[1]).max()
                        .orElseThrow();
                assertTrue(zeroedFrom <= position && end <= zeroedTo, "record " + position + ".." + end
                        + " outside the zeros " + zeroedFrom + ".." + zeroedTo);
            }
        }
    }

    @Test
    void shouldWriteNoZerosWhenTurnedOff() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, recording, 0)) {
            for (int i = 0; i < 30; i++) {
                append(log, 3000);
            }
        }
        assertTrue(zeroWrites.stream().noneMatch(w -> w[1] - w[0] > 1), "no zeros beyond the one-byte size marker");
    }

    @Test
    void shouldRefuseANegativeDistance() {
        assertThrows(IllegalArgumentException.class, () -> CommitLog.open(dir, SEGMENT, FileBackend.LOCAL, -1));
    }
}
