package io.capsulemq.broker.store.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsumeQueueTest {
    private static final int PER_SEGMENT = 16;
    private static final int SEGMENT_BYTES = PER_SEGMENT * ConsumeQueueDescriptor.ENTRY_SIZE;

    @TempDir
    Path root;
    private Path queueDir;
    private ConsumeQueue queue;

    @BeforeEach
    void setUp() {
        queueDir = root.resolve("TopicA").resolve("0");
        queue = new ConsumeQueue(queueDir, "TopicA", 0, PER_SEGMENT);
    }

    @AfterEach
    void tearDown() throws IOException {
        queue.close();
    }

    /** Entry n points at commit log offset n * 100 with size n % 7 + 1 and tags code n * 3. */
    private static void append(ConsumeQueue q, long from, long to) throws IOException {
        for (long n = from; n < to; n++) {
            q.put(n, n * 100, (int) (n % 7) + 1, n * 3);
        }
    }

    private static ConsumeQueueEntry expected(long n) {
        return new ConsumeQueueEntry(n, n * 100, (int) (n % 7) + 1, n * 3);
    }

    private ConsumeQueue reopen() throws IOException {
        queue.close();
        queue = new ConsumeQueue(queueDir, "TopicA", 0, PER_SEGMENT);
        queue.load();
        return queue;
    }

    private List<String> segmentNames() throws IOException {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldStartEmptyWithoutCreatingFiles() throws IOException {
        queue.load();

        assertEquals(0, queue.minOffset());
        assertEquals(0, queue.maxOffset());
        assertEquals(-1, queue.lastCommitLogOffset());
        assertTrue(queue.entry(0).isEmpty());
        assertTrue(queue.entries(0, 10).isEmpty());
        assertFalse(Files.exists(queueDir));
    }

    @Test
    void shouldFindNthEntryAcrossSegments() throws IOException {
        append(queue, 0, 50);

        assertEquals(50, queue.maxOffset());
        for (long n = 0; n < 50; n++) {
            assertEquals(expected(n), queue.entry(n).orElseThrow(), "entry " + n);
        }
        assertTrue(queue.entry(50).isEmpty());
        assertEquals(List.of("00000000000000000000", "00000000000000000016", "00000000000000000032",
                "00000000000000000048"), segmentNames());
    }

    @Test
    void shouldReadConsecutiveEntriesAcrossSegmentBoundariesAndStopAtMaxOffset() throws IOException {
        append(queue, 0, 40);

        List<ConsumeQueueEntry> middle = queue.entries(10, 20);
        assertEquals(20, middle.size());
        for (int i = 0; i < middle.size(); i++) {
            assertEquals(expected(10 + i), middle.get(i));
        }
        List<ConsumeQueueEntry> tail = queue.entries(35, 100);
        assertEquals(5, tail.size());
        assertEquals(expected(39), tail.get(4));
        assertTrue(queue.entries(40, 10).isEmpty());
    }

    @Test
    void shouldPreallocateNewSegmentAsZeroFilledFileOfFullSize() throws IOException {
        queue.put(0, 0, 10, 7);

        Path segment = queueDir.resolve("00000000000000000000");
        assertEquals(SEGMENT_BYTES, Files.size(segment));
        queue.flush();
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer first = ByteBuffer.wrap(bytes, 0, ConsumeQueueDescriptor.ENTRY_SIZE);
        assertEquals(0, first.getLong(ConsumeQueueDescriptor.COMMIT_LOG_OFFSET_OFFSET));
        assertEquals(10, first.getInt(ConsumeQueueDescriptor.SIZE_OFFSET));
        assertEquals(7, first.getLong(ConsumeQueueDescriptor.TAGS_CODE_OFFSET));
        for (int i = ConsumeQueueDescriptor.ENTRY_SIZE; i < bytes.length; i++) {
            assertEquals(0, bytes[i], "byte " + i);
        }
    }

    @ParameterizedTest(name = "{0} entries")
    @ValueSource(ints = {1, 15, 16, 17, 40, 48})
    void shouldRestoreMaxOffsetAndEntriesAfterReload(int count) throws IOException {
        append(queue, 0, count);

        ConsumeQueue reloaded = reopen();

        assertEquals(0, reloaded.minOffset());
        assertEquals(count, reloaded.maxOffset());
        assertEquals((count - 1) * 100L, reloaded.lastCommitLogOffset());
        List<ConsumeQueueEntry> all = reloaded.entries(0, 1000);
        assertEquals(count, all.size());
        for (int n = 0; n < count; n++) {
            assertEquals(expected(n), all.get(n));
        }
        reloaded.put(count, count * 100L, 1, 0);
        assertEquals(count + 1, reloaded.maxOffset());
    }

    @Test
    void shouldIgnoreRePutOfAnEntryAlreadyWritten() throws IOException {
        append(queue, 0, 20);

        queue.put(3, 300, 999, 999);
        queue.put(19, 1900, 999, 999);

        assertEquals(20, queue.maxOffset());
        assertEquals(expected(3), queue.entry(3).orElseThrow());
        assertEquals(expected(19), queue.entry(19).orElseThrow());
    }

    @Test
    void shouldRefuseOverwritingAnEntryWithAnotherCommitLogOffset() throws IOException {
        append(queue, 0, 20);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> queue.put(3, 12345, 1, 0));
        assertTrue(e.getMessage().contains("12345"), e.getMessage());
        assertEquals(expected(3), queue.entry(3).orElseThrow());
    }

    @Test
    void shouldRefuseGapNamingBothOffsets() throws IOException {
        append(queue, 0, 30);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> queue.put(77, 7700, 1, 0));

        assertTrue(e.getMessage().contains("77") && e.getMessage().contains("30"), e.getMessage());
        assertEquals(30, queue.maxOffset());
        assertTrue(queue.entry(30).isEmpty());
    }

    @Test
    void shouldRefuseEntryWithoutSize() {
        assertThrows(IllegalArgumentException.class, () -> queue.put(0, 0, 0, 0));
        assertEquals(0, queue.maxOffset());
    }

    @Test
    void shouldSurfaceIOExceptionWhenSegmentCannotBeCreatedAndKeepForeignFile() throws IOException {
        append(queue, 0, PER_SEGMENT);
        Path next = queueDir.resolve(ConsumeQueueDescriptor.fileName(PER_SEGMENT));
        Files.write(next, new byte[] {42});

        assertThrows(IOException.class, () -> queue.put(PER_SEGMENT, PER_SEGMENT * 100L, 1, 0));

        assertEquals(PER_SEGMENT, queue.maxOffset());
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(next));
    }

    @Test
    void shouldTruncateTailAcrossSegmentBoundaryAndDeleteEmptiedSegments() throws IOException {
        append(queue, 0, 40);

        queue.truncateFrom(1450); // entries 15.. point at 1500 and beyond

        assertEquals(15, queue.maxOffset());
        assertEquals(1400, queue.lastCommitLogOffset());
        assertTrue(queue.entry(15).isEmpty());
        assertEquals(List.of("00000000000000000000"), segmentNames());

        ConsumeQueue reloaded = reopen();
        assertEquals(15, reloaded.maxOffset());
        assertEquals(expected(14), reloaded.entry(14).orElseThrow());
        append(reloaded, 15, 20);
        assertEquals(expected(16), reloaded.entry(16).orElseThrow());
    }

    @Test
    void shouldZeroTruncatedEntriesOnDisk() throws IOException {
        append(queue, 0, 40);

        queue.truncateFrom(3500);

        assertEquals(35, queue.maxOffset());
        byte[] last = Files.readAllBytes(queueDir.resolve("00000000000000000032"));
        for (int i = 3 * ConsumeQueueDescriptor.ENTRY_SIZE; i < last.length; i++) {
            assertEquals(0, last[i], "byte " + i);
        }
        assertEquals(35, reopen().maxOffset());
    }

    @Test
    void shouldDeleteEmptiedSegmentWhenTruncatingAtSegmentStart() throws IOException {
        append(queue, 0, 40);

        queue.truncateFrom(3200);

        assertEquals(32, queue.maxOffset());
        assertEquals(List.of("00000000000000000000", "00000000000000000016"), segmentNames());
        assertEquals(32, reopen().maxOffset());
    }

    @Test
    void shouldTruncateEverythingWhenAllEntriesAreBeyondTheCommitLog() throws IOException {
        append(queue, 0, 20);

        queue.truncateFrom(0);

        assertEquals(0, queue.maxOffset());
        assertEquals(-1, queue.lastCommitLogOffset());
        assertEquals(List.of(), segmentNames());
        append(queue, 0, 3);
        assertEquals(expected(2), queue.entry(2).orElseThrow());
    }

    @Test
    void shouldKeepQueueOffsetsWhenTruncationEmptiesTheOnlyRemainingSegment() throws IOException {
        append(queue, 0, 40);
        queue.deleteBelow(3300);
        assertEquals(List.of("00000000000000000032"), segmentNames());

        queue.truncateFrom(3200);

        assertEquals(32, queue.maxOffset());
        assertEquals(32, queue.minOffset());
        ConsumeQueue reloaded = reopen();
        assertEquals(32, reloaded.maxOffset());
        assertEquals(32, reloaded.minOffset());
        reloaded.put(32, 3200, 1, 0);
        assertEquals(33, reloaded.maxOffset());
    }

    @Test
    void shouldDeleteWholeOldSegmentsAndMoveMinOffset() throws IOException {
        append(queue, 0, 50);

        long min = queue.deleteBelow(2000);

        assertEquals(20, min);
        assertEquals(20, queue.minOffset());
        assertEquals(List.of("00000000000000000016", "00000000000000000032", "00000000000000000048"),
                segmentNames());
        assertTrue(queue.entry(19).isEmpty());
        assertTrue(queue.entries(19, 5).isEmpty());
        assertEquals(expected(20), queue.entry(20).orElseThrow());
    }

    @Test
    void shouldKeepLastSegmentWhenEveryEntryIsBelowTheMinimum() throws IOException {
        append(queue, 0, 50);

        long min = queue.deleteBelow(1_000_000);

        assertEquals(50, min);
        assertEquals(50, queue.maxOffset());
        assertEquals(List.of("00000000000000000048"), segmentNames());
        assertEquals(4900, queue.lastCommitLogOffset());
        queue.put(50, 5000, 1, 0);
        assertEquals(50, queue.minOffset());
        assertEquals(51, queue.maxOffset());
    }

    @Test
    void shouldCorrectMinOffsetAfterReload() throws IOException {
        append(queue, 0, 50);
        queue.deleteBelow(2000);

        ConsumeQueue reloaded = reopen();
        assertEquals(16, reloaded.minOffset());
        reloaded.correctMinOffset(2000);

        assertEquals(20, reloaded.minOffset());
        assertEquals(50, reloaded.maxOffset());
        assertTrue(reloaded.entry(19).isEmpty());
    }

    @Test
    void shouldSetMinOffsetToMaxOffsetWhenCorrectingPastEveryEntry() throws IOException {
        append(queue, 0, 50);

        ConsumeQueue reloaded = reopen();
        reloaded.correctMinOffset(5000);

        assertEquals(50, reloaded.minOffset());
        assertTrue(reloaded.entries(49, 1).isEmpty());
    }

    @Test
    void shouldFindFirstOffsetMatchingMonotonePredicate() throws IOException {
        append(queue, 0, 50);

        assertEquals(21, queue.firstOffsetMatching(e -> e.commitLogOffset() >= 2050));
        assertEquals(0, queue.firstOffsetMatching(e -> true));
        assertEquals(50, queue.firstOffsetMatching(e -> false));
        assertEquals(49, queue.firstOffsetMatching(e -> e.commitLogOffset() >= 4900));

        queue.deleteBelow(2000);
        assertEquals(20, queue.firstOffsetMatching(e -> true));
    }

    @Test
    void shouldRefusePutsAfterClose() throws IOException {
        append(queue, 0, 5);

        queue.close();

        assertThrows(IllegalStateException.class, () -> queue.put(5, 500, 1, 0));
    }

    @Test
    void shouldForceOnlyAfterChangesAndClearThemOnFlush() throws IOException {
        assertFalse(queue.hasUnflushedChanges());
        append(queue, 0, 20);
        assertTrue(queue.hasUnflushedChanges());

        queue.flush();

        assertFalse(queue.hasUnflushedChanges());
        queue.put(20, 2000, 1, 0);
        assertTrue(queue.hasUnflushedChanges());
    }

    @Test
    void shouldLayOutEntriesBigEndianAtOffsetTimesEntrySize() throws IOException {
        append(queue, 0, 20);

        // Queue offset 17 is slot 1 of the segment starting at 16; ByteBuffer reads big-endian by default.
        ByteBuffer second = ByteBuffer.wrap(Files.readAllBytes(queueDir.resolve("00000000000000000016")));
        int at = 1 * ConsumeQueueDescriptor.ENTRY_SIZE;
        assertEquals(1700, second.getLong(at + ConsumeQueueDescriptor.COMMIT_LOG_OFFSET_OFFSET));
        assertEquals(17 % 7 + 1, second.getInt(at + ConsumeQueueDescriptor.SIZE_OFFSET));
        assertEquals(51, second.getLong(at + ConsumeQueueDescriptor.TAGS_CODE_OFFSET));
    }

    @Test
    void shouldDeleteFilesAndFolderOnTopicDeletion() throws IOException {
        append(queue, 0, 40);

        queue.deleteFiles();

        assertFalse(Files.exists(queueDir));
        assertEquals(0, queue.maxOffset());
        assertThrows(IllegalStateException.class, () -> queue.put(0, 0, 1, 0));
    }

    @Test
    void shouldRefuseToLoadWhenAMiddleSegmentIsMissing() throws IOException {
        append(queue, 0, 40);
        queue.close();
        Files.delete(queueDir.resolve("00000000000000000016"));

        ConsumeQueue broken = new ConsumeQueue(queueDir, "TopicA", 0, PER_SEGMENT);
        IOException e = assertThrows(IOException.class, broken::load);
        assertTrue(e.getMessage().contains("00000000000000000016"), e.getMessage());
    }

    @Test
    void shouldCompleteShortLastSegmentLeftByCrashDuringPreallocation() throws IOException {
        Files.createDirectories(queueDir);
        ByteBuffer partial = ByteBuffer.allocate(3 * ConsumeQueueDescriptor.ENTRY_SIZE);
        for (int n = 0; n < 3; n++) {
            partial.putLong(n * 100L).putInt(5).putLong(0);
        }
        Files.write(queueDir.resolve("00000000000000000000"), partial.array());

        queue.load();

        assertEquals(3, queue.maxOffset());
        assertEquals(SEGMENT_BYTES, Files.size(queueDir.resolve("00000000000000000000")));
        queue.put(3, 300, 5, 0);
        assertEquals(300, queue.lastCommitLogOffset());
    }

    @Test
    void shouldRefuseOversizedSegmentWrittenWithAnotherSegmentSize() throws IOException {
        Files.createDirectories(queueDir);
        Files.write(queueDir.resolve("00000000000000000000"), new byte[SEGMENT_BYTES * 2]);

        assertThrows(IOException.class, queue::load);
    }
}
