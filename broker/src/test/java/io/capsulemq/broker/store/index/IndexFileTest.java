package io.capsulemq.broker.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {
    private static final long BEGIN = 1_700_000_000_000L;
    private static final int SLOTS = 8;
    private static final int ENTRIES = 32;

    @TempDir
    Path dir;

    private static List<Long> collectAll(IndexFile file, String indexKey, long begin, long end) {
        List<Long> offsets = new ArrayList<>();
        file.collect(indexKey, begin, end, offset -> offsets.add(offset));
        return offsets;
    }

    @Test
    void shouldPreallocateWholeFileWithEmptyHeader() throws IOException {
        Path path = dir.resolve("00000000000000000000");
        IndexFile file = IndexFile.create(path, SLOTS, ENTRIES, BEGIN);

        assertEquals(IndexFileDescriptor.fileSize(SLOTS, ENTRIES), Files.size(path));
        assertEquals(56 + 8 * 4 + 32 * 20, Files.size(path));
        assertFalse(Files.exists(dir.resolve("00000000000000000000" + IndexFile.TEMP_SUFFIX)));
        assertEquals(BEGIN, file.beginTimestamp());
        assertEquals(BEGIN, file.endTimestamp());
        assertEquals(-1L, file.beginPhysicalOffset());
        assertEquals(-1L, file.endPhysicalOffset());
        assertEquals(-1L, file.lastIndexedOffset());
        assertEquals(1, file.indexCount());
        assertEquals(SLOTS, file.hashSlotCount());
        assertEquals(ENTRIES, file.entryCapacity());
        assertFalse(file.isFull());
    }

    @Test
    void shouldRefuseToOverwriteExistingFile() throws IOException {
        Path path = dir.resolve("existing");
        Files.writeString(path, "data");

        assertThrows(IOException.class, () -> IndexFile.create(path, SLOTS, ENTRIES, BEGIN));
        assertEquals("data", Files.readString(path));
    }

    @Test
    void shouldRejectFileWhoseSizeDiffersFromHeader() throws IOException {
        Path path = dir.resolve("00000000000000000000");
        IndexFile.create(path, SLOTS, ENTRIES, BEGIN).flush();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(path) - IndexFileDescriptor.ENTRY_SIZE);
        }

        IOException e = assertThrows(IOException.class, () -> IndexFile.open(path));
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }

    @Test
    void shouldRejectFileWithoutMagic() throws IOException {
        Path path = dir.resolve("garbage");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) IndexFileDescriptor.fileSize(SLOTS, ENTRIES)));
        }

        IOException e = assertThrows(IOException.class, () -> IndexFile.open(path));
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }

    @Test
    void shouldRefuseEntriesOnceFull() throws IOException {
        IndexFile file = IndexFile.create(dir.resolve("f"), SLOTS, ENTRIES, BEGIN);
        for (int i = 1; i < ENTRIES; i++) {
            assertFalse(file.isFull(), "full after " + (i - 1) + " entries");
            assertTrue(file.add("t#k" + i, i, BEGIN + i));
        }

        assertTrue(file.isFull());
        assertFalse(file.add("t#late", 999, BEGIN));
        assertEquals(ENTRIES, file.indexCount());
        assertTrue(collectAll(file, "t#late", Long.MIN_VALUE, Long.MAX_VALUE).isEmpty());
    }

    @Test
    void shouldRefuseEntryWhoseTimeDifferenceDoesNotFitIntMillis() throws IOException {
        IndexFile file = IndexFile.create(dir.resolve("f"), SLOTS, ENTRIES, BEGIN);

        assertTrue(file.add("t#a", 1, BEGIN + Integer.MAX_VALUE));
        assertFalse(file.add("t#a", 2, BEGIN + Integer.MAX_VALUE + 1L));
        assertFalse(file.add("t#a", 3, BEGIN + Integer.MIN_VALUE - 1L));
        assertEquals(List.of(1L), collectAll(file, "t#a", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void shouldWalkChainNewestFirstMatchingHashAndMillisecondTime() throws IOException {
        IndexFile file = IndexFile.create(dir.resolve("f"), SLOTS, ENTRIES, BEGIN);
        // 8 slots and 20 keys: chains are shared by several keys.
        for (int i = 0; i < 20; i++) {
            assertTrue(file.add("t#k" + (i % 4), 100 + i, BEGIN + i));
        }

        assertEquals(List.of(117L, 113L, 109L, 105L, 101L), collectAll(file, "t#k1", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(List.of(113L, 109L), collectAll(file, "t#k1", BEGIN + 9, BEGIN + 13));
        assertEquals(List.of(), collectAll(file, "t#k1", BEGIN + 10, BEGIN + 12));
        assertEquals(100L, file.beginPhysicalOffset());
        assertEquals(119L, file.endPhysicalOffset());
        assertEquals(BEGIN + 19, file.endTimestamp());
    }

    @Test
    void shouldStopWalkWhenVisitorSaysSo() throws IOException {
        IndexFile file = IndexFile.create(dir.resolve("f"), SLOTS, ENTRIES, BEGIN);
        for (int i = 0; i < 5; i++) {
            file.add("t#a", i, BEGIN);
        }
        List<Long> seen = new ArrayList<>();

        boolean exhausted = file.collect("t#a", Long.MIN_VALUE, Long.MAX_VALUE, offset -> {
            seen.add(offset);
            return seen.size() < 2;
        });

        assertFalse(exhausted);
        assertEquals(List.of(4L, 3L), seen);
    }

    @Test
    void shouldKeepEntriesAndHeaderAcrossReopen() throws IOException {
        Path path = dir.resolve("f");
        IndexFile written = IndexFile.create(path, SLOTS, ENTRIES, BEGIN);
        written.add("t#a", 10, BEGIN + 5);
        written.add("t#b", 20, BEGIN + 7);
        written.add("t#a", 30, BEGIN + 6);
        written.setLastIndexedOffset(35);
        written.flush();

        IndexFile reopened = IndexFile.open(path);

        assertEquals(List.of(30L, 10L), collectAll(reopened, "t#a", BEGIN + 5, BEGIN + 6));
        assertEquals(4, reopened.indexCount());
        assertEquals(10L, reopened.beginPhysicalOffset());
        assertEquals(30L, reopened.endPhysicalOffset());
        assertEquals(BEGIN + 7, reopened.endTimestamp());
        assertEquals(35L, reopened.lastIndexedOffset());
    }

    @Test
    void shouldUnlinkEntriesFromTruncationOffsetAndNeverReuseTheirNumbers() throws IOException {
        IndexFile file = IndexFile.create(dir.resolve("f"), SLOTS, ENTRIES, BEGIN);
        file.add("t#a", 10, BEGIN + 1);
        file.add("t#b", 20, BEGIN + 2);
        file.add("t#a", 30, BEGIN + 3);
        file.add("t#b", 40, BEGIN + 4);

        assertTrue(file.truncateFrom(20));

        assertEquals(List.of(10L), collectAll(file, "t#a", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(List.of(), collectAll(file, "t#b", Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(10L, file.endPhysicalOffset());
        assertEquals(BEGIN + 1, file.endTimestamp());
        assertEquals(5, file.indexCount());
        assertFalse(file.truncateFrom(20));

        file.add("t#b", 20, BEGIN + 9);
        assertEquals(6, file.indexCount());
        assertEquals(List.of(20L), collectAll(file, "t#b", Long.MIN_VALUE, Long.MAX_VALUE));
        assertTrue(file.truncateFrom(0));
        assertEquals(-1L, file.beginPhysicalOffset());
        assertEquals(-1L, file.endPhysicalOffset());
        assertEquals(List.of(), collectAll(file, "t#a", Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
