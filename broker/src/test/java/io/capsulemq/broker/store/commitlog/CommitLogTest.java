package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.file.FileBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CommitLogTest {
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private final RecordCodec codec = new RecordCodec(8192, new InetSocketAddress("127.0.0.1", 10911));
    private long queueOffset;

    /** Appends as the store does: position, seal, write, publish. */
    private long append(CommitLog log, int bodySize) throws Exception {
        MessageToStore m = MessageToStore.builder("T", 0).body(new byte[bodySize]).build();
        ByteBuffer buf = ByteBuffer.allocate(RecordCodec.encodedLength(m));
        codec.encode(m, buf);
        long position = log.positionFor(buf.limit());
        RecordCodec.seal(buf, 0, queueOffset++, position, System.currentTimeMillis());
        log.write(buf.flip(), position);
        log.publish(position + buf.limit());
        return position;
    }

    @Test
    void shouldCloseAFullSegmentWithABlankAndStartTheNext() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            List<Long> positions = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                positions.add(append(log, 5000));
            }
            for (long p : positions) {
                assertTrue(p % SEGMENT + 5000 < SEGMENT, "record at " + p + " spans a segment boundary");
            }
            assertTrue(Files.exists(dir.resolve(SegmentNames.name(SEGMENT))));
            assertTrue(Files.exists(dir.resolve(SegmentNames.name(2L * SEGMENT))));
            List<Long> scanned = new ArrayList<>();
            long end = new CommitLogScanner(log, 16 * 1024).scan(0, log.writePosition(),
                    (buf, start, offset, length) -> scanned.add(offset));
            assertEquals(positions, scanned);
            assertEquals(log.writePosition(), end);
            StoredMessage last = log.read(positions.get(39));
            assertEquals(39, last.queueOffset());
        }
    }

    @Test
    void shouldForceOnlyWhatIsNewAndReportTheFlushedPosition() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            assertEquals(0, log.flush());
            append(log, 100);
            long written = log.writePosition();
            assertEquals(0, log.flushedPosition());
            assertEquals(written, log.flush());
            assertEquals(written, log.flushedPosition());
        }
    }

    @Test
    void shouldZeroTheTailAndDropLaterSegmentsOnRecovery() throws Exception {
        long cut;
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            for (int i = 0; i < 30; i++) {
                append(log, 5000);
            }
            cut = 5 * (RecordDescriptor.recordLength(5000, 1, 0));
            log.recoverTo(cut, true);
            assertEquals(cut, log.writePosition());
        }
        assertFalse(Files.exists(dir.resolve(SegmentNames.name(SEGMENT))));
        byte[] tail = Files.readAllBytes(dir.resolve(SegmentNames.name(0)));
        for (long i = cut; i < SEGMENT; i++) {
            assertEquals(0, tail[(int) i], "byte " + i + " not zeroed");
        }
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            long end = new CommitLogScanner(log, 16 * 1024).scan(0, Long.MAX_VALUE, (b, s, o, l) -> { });
            assertEquals(cut, end);
        }
    }

    @Test
    void shouldRefuseSegmentsOfAnotherSize() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            append(log, 10);
        }
        IOException e = assertThrows(IOException.class, () -> CommitLog.open(dir, SEGMENT * 2, FileBackend.LOCAL));
        assertTrue(e.getMessage().contains("segment size"), e.getMessage());
    }

    @Test
    void shouldRefuseAGapBetweenSegments() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            for (int i = 0; i < 40; i++) {
                append(log, 5000);
            }
        }
        Files.delete(dir.resolve(SegmentNames.name(SEGMENT)));
        IOException e = assertThrows(IOException.class, () -> CommitLog.open(dir, SEGMENT, FileBackend.LOCAL));
        assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
    }

    @Test
    void shouldNotReadPastTheWritePosition() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, FileBackend.LOCAL)) {
            long p = append(log, 10);
            int length = (int) log.writePosition();
            assertThrows(CorruptRecordException.class, () -> log.read(p, length + 1));
            assertThrows(CorruptRecordException.class, () -> log.read(log.writePosition()));
        }
    }
}
