package io.capsulemq.broker.store.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class IndexServiceTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int SLOTS = 8;
    /** 31 usable entries per file (entry 0 is reserved). */
    private static final int ENTRIES = 32;
    private static final LongPredicate ANY = offset -> true;

    @TempDir
    Path dir;

    private final List<IndexService> opened = new ArrayList<>();
    /** Stands in for the commit log: what the store would read at each offset to check a candidate exactly. */
    private final Map<Long, StoredRecord> log = new HashMap<>();

    private record StoredRecord(String topic, Set<String> keys) {
    }

    @AfterEach
    void closeServices() {
        opened.forEach(IndexService::close);
    }

    private IndexService newService() throws IOException {
        return newService(SLOTS, ENTRIES);
    }

    private IndexService newService(int slots, int entries) throws IOException {
        IndexService service = new IndexService(dir, slots, entries);
        opened.add(service);
        service.load();
        return service;
    }

    private void put(IndexService service, long offset, long timestamp, String topic, String... keys)
            throws IOException {
        log.put(offset, new StoredRecord(topic, Set.of(keys)));
        service.index(offset, timestamp, topic, List.of(keys));
    }

    /** The store's exact check: the message at the offset belongs to the topic and carries the key. */
    private LongPredicate exact(String topic, String key) {
        return offset -> {
            StoredRecord record = log.get(offset);
            return record != null && record.topic().equals(topic) && record.keys().contains(key);
        };
    }

    private List<Long> find(IndexService service, String topic, String key) {
        return service.query(topic, key, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, exact(topic, key));
    }

    private List<Path> indexFiles() throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
        }
    }

    @Test
    void shouldReportNothingIndexedBeforeFirstRecord() throws IOException {
        IndexService service = newService();

        assertEquals(-1L, service.lastIndexedOffset());
        assertEquals(List.of(), find(service, "T", "a"));
        assertEquals(List.of(), indexFiles());
    }

    @Test
    void shouldRefuseUseBeforeLoad() {
        IndexService service = new IndexService(dir, SLOTS, ENTRIES);

        assertThrows(IllegalStateException.class, () -> service.index(0, T0, "T", List.of("a")));
        assertThrows(IllegalStateException.class, () -> service.query("T", "a", 1, 0, 1, ANY));
    }

    @Test
    void shouldFindRecordByKey() throws IOException {
        IndexService service = newService();
        put(service, 0, T0, "T", "order-1");
        put(service, 100, T0 + 1, "T", "order-2");

        assertEquals(List.of(100L), find(service, "T", "order-2"));
        assertEquals(List.of(0L), find(service, "T", "order-1"));
        assertEquals(List.of(), find(service, "T", "order-3"));
        assertEquals(100L, service.lastIndexedOffset());
    }

    @Test
    void shouldFindRecordByEachOfItsKeysAndUniqueId() throws IOException {
        IndexService service = newService();
        put(service, 40, T0, "T", "k1", "k2", "k3", "UNIQ-0001");

        for (String key : List.of("k1", "k2", "k3", "UNIQ-0001")) {
            assertEquals(List.of(40L), find(service, "T", key), key);
        }
    }

    @Test
    void shouldIgnoreEmptyAndRepeatedKeysOfRecord() throws IOException {
        IndexService service = newService();
        List<String> keys = new ArrayList<>(List.of("a", "", "a", "b"));
        keys.add(null);
        service.index(10, T0, "T", keys);
        log.put(10L, new StoredRecord("T", Set.of("a", "b")));
        List<Long> candidates = new ArrayList<>();

        service.query("T", "a", 10, Long.MIN_VALUE, Long.MAX_VALUE, offset -> candidates.add(offset));

        assertEquals(List.of(10L), candidates);
        IndexFile file = IndexFile.open(indexFiles().get(0));
        assertEquals(3, file.indexCount(), "entries 1 and 2 only");
    }

    @Test
    void shouldNotFindSameKeyOfOtherTopic() throws IOException {
        IndexService service = newService();
        put(service, 10, T0, "orders", "k");
        put(service, 20, T0, "payments", "k");

        assertEquals(List.of(10L), find(service, "orders", "k"));
        assertEquals(List.of(20L), find(service, "payments", "k"));
        // Even without the exact check, the other topic's entry is not a candidate (different index key hash).
        assertEquals(List.of(10L), service.query("orders", "k", 10, Long.MIN_VALUE, Long.MAX_VALUE, ANY));
    }

    @Test
    void shouldFindNewestFirstWithinTimeRange() throws IOException {
        IndexService service = newService();
        for (int i = 0; i < 10; i++) {
            put(service, i * 100L, T0 + i * 1000L, "T", "k");
        }

        List<Long> found = service.query("T", "k", 100, T0 + 3000, T0 + 6000, exact("T", "k"));

        assertEquals(List.of(600L, 500L, 400L, 300L), found);
        // Millisecond precision at both inclusive ends.
        assertEquals(List.of(500L, 400L), service.query("T", "k", 100, T0 + 3001, T0 + 5999, exact("T", "k")));
        assertEquals(List.of(500L, 400L), service.query("T", "k", 100, T0 + 4000, T0 + 5000, exact("T", "k")));
        assertEquals(List.of(), service.query("T", "k", 100, T0 + 3001, T0 + 3999, exact("T", "k")));
        assertEquals(List.of(), service.query("T", "k", 100, T0 + 6000, T0 + 3000, exact("T", "k")));
    }

    @Test
    void shouldStopAtMaxCount() throws IOException {
        IndexService service = newService();
        for (int i = 0; i < 10; i++) {
            put(service, i, T0 + i, "T", "k");
        }

        assertEquals(List.of(9L, 8L, 7L), service.query("T", "k", 3, Long.MIN_VALUE, Long.MAX_VALUE, exact("T", "k")));
        assertEquals(List.of(), service.query("T", "k", 0, Long.MIN_VALUE, Long.MAX_VALUE, exact("T", "k")));
    }

    @Test
    void shouldReturnOnlyCollisionCandidatesAcceptedByPredicateAndCountOnlyThose() throws IOException {
        // "Aa" and "BB" have the same String hash, so "T#Aa" and "T#BB" share hash and chain.
        assertEquals(IndexService.indexKey("T", "Aa").hashCode(), IndexService.indexKey("T", "BB").hashCode());
        IndexService service = newService();
        put(service, 100, T0, "T", "Aa");
        put(service, 200, T0, "T", "BB");
        put(service, 300, T0, "T", "BB");
        List<Long> asked = new ArrayList<>();
        LongPredicate exactAa = exact("T", "Aa");

        List<Long> found = service.query("T", "Aa", 1, Long.MIN_VALUE, Long.MAX_VALUE, offset -> {
            asked.add(offset);
            return exactAa.test(offset);
        });

        assertEquals(List.of(100L), found);
        assertEquals(List.of(300L, 200L, 100L), asked);
        assertEquals(List.of(300L, 200L), find(service, "T", "BB"));
    }

    @Test
    void shouldRollOverToNewFilesAndQueryAcrossThem() throws IOException {
        IndexService service = newService();
        for (int i = 0; i < 100; i++) {
            put(service, i * 10L, T0 + i, "T", "k" + (i % 5));
        }

        assertEquals(4, indexFiles().size(), "100 entries at 31 per file");
        List<Long> expected = new ArrayList<>();
        for (int i = 95; i >= 0; i -= 5) {
            expected.add(i * 10L);
        }
        assertEquals(expected, find(service, "T", "k0"));
        assertEquals(List.of(950L, 900L, 850L),
                service.query("T", "k0", 3, Long.MIN_VALUE, Long.MAX_VALUE, exact("T", "k0")));
        // Only the records with times in [T0+20, T0+40], which lie in files 0 and 1.
        assertEquals(List.of(400L, 350L, 300L, 250L, 200L),
                service.query("T", "k0", 100, T0 + 20, T0 + 40, exact("T", "k0")));
    }

    @Test
    void shouldSplitRecordWithManyKeysAcrossFiles() throws IOException {
        IndexService service = newService(SLOTS, 4);
        put(service, 7, T0, "T", "a", "b", "c", "d", "e");

        assertEquals(2, indexFiles().size());
        for (String key : List.of("a", "b", "c", "d", "e")) {
            assertEquals(List.of(7L), find(service, "T", key), key);
        }
    }

    @Test
    void shouldStartNewFileWhenStoreTimeIsTooFarForIntMillis() throws IOException {
        IndexService service = newService();
        put(service, 1, T0, "T", "k");
        put(service, 2, T0 + Integer.MAX_VALUE + 1L, "T", "k");

        assertEquals(2, indexFiles().size());
        assertEquals(List.of(2L, 1L), find(service, "T", "k"));
        assertEquals(List.of(2L), service.query("T", "k", 10, T0 + 1, Long.MAX_VALUE, exact("T", "k")));
    }

    @Test
    void shouldFindEverythingAfterReload() throws IOException {
        IndexService first = newService();
        for (int i = 0; i < 70; i++) {
            put(first, i * 10L, T0 + i, "T", "k" + (i % 7));
        }
        first.index(700, T0 + 70, "T", List.of());
        first.close();

        IndexService second = newService();

        assertEquals(700L, second.lastIndexedOffset());
        assertEquals(List.of(690L, 620L, 550L, 480L, 410L, 340L, 270L, 200L, 130L, 60L), find(second, "T", "k6"));
        put(second, 710, T0 + 71, "T", "k6");
        assertEquals(710L, find(second, "T", "k6").get(0));
        assertEquals(3, indexFiles().size());
    }

    @Test
    void shouldRemoveUnfinishedFileOnLoad() throws IOException {
        Path unfinished = dir.resolve("00000000000000000000" + IndexFile.TEMP_SUFFIX);
        Files.write(unfinished, new byte[100]);

        IndexService service = newService();
        put(service, 1, T0, "T", "k");

        assertFalse(Files.exists(unfinished));
        assertEquals(List.of(1L), find(service, "T", "k"));
    }

    @Test
    void shouldFailLoadNamingDamagedFile() throws IOException {
        IndexService first = newService();
        put(first, 1, T0, "T", "k");
        first.close();
        Path file = indexFiles().get(0);
        Files.write(file, new byte[10]);

        IndexService second = new IndexService(dir, SLOTS, ENTRIES);
        IOException e = assertThrows(IOException.class, second::load);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void shouldIndexRedispatchedRecordOnlyOnce() throws IOException {
        IndexService service = newService();
        put(service, 10, T0, "T", "k");
        put(service, 20, T0, "T", "k");

        service.index(20, T0, "T", List.of("k"));
        service.index(10, T0, "T", List.of("k", "other"));

        List<Long> candidates = new ArrayList<>();
        service.query("T", "k", 100, Long.MIN_VALUE, Long.MAX_VALUE, offset -> candidates.add(offset));
        assertEquals(List.of(20L, 10L), candidates);
        assertEquals(List.of(), service.query("T", "other", 100, Long.MIN_VALUE, Long.MAX_VALUE, ANY));
        assertEquals(3, IndexFile.open(indexFiles().get(0)).indexCount(), "two entries only");
    }

    @Test
    void shouldSkipRedispatchedRecordAfterReload() throws IOException {
        IndexService first = newService();
        put(first, 10, T0, "T", "k");
        first.close();
        IndexService second = newService();

        second.index(10, T0, "T", List.of("k"));

        assertEquals(List.of(10L), second.query("T", "k", 100, Long.MIN_VALUE, Long.MAX_VALUE, ANY));
    }

    @Test
    void shouldOfferOffsetOnceWhenEntriesRepeatAfterCrash() throws IOException {
        // A crash between writing a record's entries and its watermark re-indexes the record: entries repeat.
        IndexFile crashed = IndexFile.create(dir.resolve("00000000000000000000"), SLOTS, ENTRIES, T0);
        crashed.add("T#k", 10, T0);
        crashed.add("T#k", 20, T0);
        crashed.add("T#k", 20, T0);
        crashed.setLastIndexedOffset(20);
        crashed.flush();
        IndexService service = newService();
        List<Long> asked = new ArrayList<>();

        List<Long> found = service.query("T", "k", 100, Long.MIN_VALUE, Long.MAX_VALUE, offset -> asked.add(offset));

        assertEquals(List.of(20L, 10L), found);
        assertEquals(List.of(20L, 10L), asked);
    }

    @Test
    void shouldFindNewRecordsAtReusedOffsetsAfterTruncate() throws IOException {
        IndexService service = newService();
        put(service, 100, T0, "T", "a");
        put(service, 200, T0 + 1, "T", "b");
        put(service, 300, T0 + 2, "T", "a");

        service.truncateFrom(200);
        log.keySet().removeIf(offset -> offset >= 200);

        assertEquals(199L, service.lastIndexedOffset());
        service.index(100, T0, "T", List.of("a"));
        put(service, 200, T0 + 10, "T", "c");
        put(service, 250, T0 + 11, "T", "a");
        put(service, 300, T0 + 12, "T", "b");

        assertEquals(List.of(250L, 100L), find(service, "T", "a"));
        assertEquals(List.of(300L), find(service, "T", "b"));
        assertEquals(List.of(200L), find(service, "T", "c"));
        // No stale candidates are left: the undone entries are gone, not merely filtered.
        assertEquals(List.of(250L, 100L), service.query("T", "a", 100, Long.MIN_VALUE, Long.MAX_VALUE, ANY));
        assertEquals(List.of(300L), service.query("T", "b", 100, Long.MIN_VALUE, Long.MAX_VALUE, ANY));
        assertEquals(List.of(), service.query("T", "a", 100, T0 + 2, T0 + 2, ANY));
        assertEquals(300L, service.lastIndexedOffset());
    }

    @Test
    void shouldTruncateAcrossFilesAndKeepResultAfterReload() throws IOException {
        IndexService first = newService();
        for (int i = 0; i < 80; i++) {
            put(first, i * 10L, T0 + i, "T", "k" + (i % 4));
        }
        assertEquals(3, indexFiles().size());

        first.truncateFrom(200);
        log.keySet().removeIf(offset -> offset >= 200);
        assertEquals(199L, first.lastIndexedOffset());
        for (int i = 20; i < 30; i++) {
            put(first, i * 10L, T0 + 1000 + i, "T", "k" + (i % 4));
        }
        first.close();

        IndexService second = newService();
        assertEquals(290L, second.lastIndexedOffset());
        List<Long> candidates = second.query("T", "k1", 100, Long.MIN_VALUE, Long.MAX_VALUE, ANY);
        assertEquals(List.of(290L, 250L, 210L, 170L, 130L, 90L, 50L, 10L), candidates);
        assertEquals(List.of(290L, 250L, 210L), second.query("T", "k1", 100, T0 + 1000, Long.MAX_VALUE, ANY));
    }

    @Test
    void shouldDeleteWholeFilesBelowOffsetButNeverCurrentFile() throws IOException {
        IndexService service = newService();
        for (int i = 0; i < 100; i++) {
            put(service, i * 10L, T0 + i, "T", "k" + i);
        }
        List<Path> before = indexFiles();
        assertEquals(4, before.size());

        // File 0 holds offsets 0..300, file 1 310..610, file 2 620..920, file 3 930..990.
        service.deleteFilesBelow(620);

        assertEquals(before.subList(2, 4), indexFiles());
        assertEquals(List.of(), find(service, "T", "k61"));
        assertEquals(List.of(620L), find(service, "T", "k62"));
        assertEquals(List.of(990L), find(service, "T", "k99"));

        service.deleteFilesBelow(Long.MAX_VALUE);

        assertEquals(before.subList(3, 4), indexFiles());
        assertEquals(List.of(990L), find(service, "T", "k99"));
        put(service, 1000, T0 + 100, "T", "k100");
        assertEquals(List.of(1000L), find(service, "T", "k100"));
        assertEquals(1, indexFiles().size());
    }

    @Test
    void shouldRefuseUseAfterClose() throws IOException {
        IndexService service = newService();
        put(service, 1, T0, "T", "k");
        service.close();
        service.close();

        assertThrows(IllegalStateException.class, () -> service.index(2, T0, "T", List.of("k")));
        assertThrows(IllegalStateException.class, () -> service.query("T", "k", 1, 0, Long.MAX_VALUE, ANY));
    }

    @Test
    @Timeout(120)
    void shouldServeConsistentQueriesWhileWriterAdds100000Entries() throws Exception {
        IndexService service = newService(64, 2048);
        int records = 100_000;
        int keys = 97;
        long base = 1_000;
        int stride = 7;
        AtomicLong highestIndexed = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger queries = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        AtomicBoolean writerDone = new AtomicBoolean();
        CountDownLatch readerRunning = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                int n = 0;
                do {
                    int keyNumber = n++ % keys;
                    // Records completed before the query starts must all be visible to it.
                    long completed = (highestIndexed.get() - base) / stride;
                    long expectedCount = completed < keyNumber ? 0 : Math.min(16, (completed - keyNumber) / keys + 1);
                    List<Long> found = service.query("T", "k" + keyNumber, 16, Long.MIN_VALUE, Long.MAX_VALUE,
                            offset -> {
                                // Any candidate must be an offset some record was indexed at, and one already added
                                // (or being added) by the writer.
                                long limit = highestIndexed.get() + stride;
                                if (offset < base || (offset - base) % stride != 0 || offset > limit) {
                                    throw new AssertionError("offset never added: " + offset + " (limit " + limit + ")");
                                }
                                return ((offset - base) / stride) % keys == keyNumber;
                            });
                    if (found.size() > 16) {
                        throw new AssertionError("more than maxCount: " + found);
                    }
                    if (found.size() < expectedCount) {
                        throw new AssertionError("missed completed records of k" + keyNumber + ": expected "
                                + expectedCount + " but found " + found);
                    }
                    for (int i = 1; i < found.size(); i++) {
                        if (found.get(i) >= found.get(i - 1)) {
                            throw new AssertionError("not newest first or duplicated: " + found);
                        }
                    }
                    queries.incrementAndGet();
                    hits.addAndGet(found.size());
                    readerRunning.countDown();
                } while (!writerDone.get() && failure.get() == null);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "index-reader");
        reader.start();
        assertTrue(readerRunning.await(30, TimeUnit.SECONDS), "reader did not start");

        try {
            for (int i = 0; i < records && failure.get() == null; i++) {
                long offset = base + (long) i * stride;
                service.index(offset, T0 + i, "T", List.of("k" + (i % keys)));
                highestIndexed.set(offset);
            }
        } finally {
            writerDone.set(true);
            reader.join();
        }

        if (failure.get() != null) {
            throw new AssertionError("reader failed", failure.get());
        }
        assertNull(failure.get());
        assertTrue(queries.get() > 1, "reader ran no query alongside the writer");
        assertNotEquals(0, hits.get(), "reader found nothing");
        assertEquals(49, indexFiles().size(), "100000 entries at 2047 per file");
        List<Long> last = service.query("T", "k5", 3, Long.MIN_VALUE, Long.MAX_VALUE, ANY);
        long lastK5 = (records - 1) - ((records - 1 - 5) % keys);
        assertEquals(List.of(base + lastK5 * stride, base + (lastK5 - keys) * stride,
                base + (lastK5 - 2 * keys) * stride), last);
    }
}
