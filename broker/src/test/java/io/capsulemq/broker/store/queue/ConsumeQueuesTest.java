package io.capsulemq.broker.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueuesTest {
    private static final int PER_SEGMENT = 16;

    @TempDir
    Path root;

    /** Queue (topic, q) gets 10 * (q + 1) entries, commit log offsets n * 100 from {@code base}. */
    private static void fill(ConsumeQueues table, String topic, int queueId, long base) throws IOException {
        ConsumeQueue queue = table.findOrCreate(topic, queueId);
        for (int n = 0; n < 10 * (queueId + 1); n++) {
            queue.put(n, base + n * 100L, 10, n);
        }
    }

    @Test
    void shouldNotCreateFilesUntilFirstPut() throws IOException {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            ConsumeQueue queue = table.findOrCreate("TopicA", 3);

            assertSame(queue, table.findOrCreate("TopicA", 3));
            assertSame(queue, table.find("TopicA", 3).orElseThrow());
            assertTrue(table.find("TopicA", 4).isEmpty());
            assertFalse(Files.exists(root.resolve("TopicA")));

            queue.put(0, 0, 1, 0);
            assertTrue(Files.exists(root.resolve("TopicA").resolve("3").resolve("00000000000000000000")));
        }
    }

    @Test
    void shouldRestoreSeveralTopicsAndQueuesOnLoadAll() throws IOException {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            for (int q = 0; q < 3; q++) {
                fill(table, "TopicA", q, 0);
                fill(table, "%RETRY%group|x", q, 1_000_000);
            }
        }

        try (ConsumeQueues reloaded = new ConsumeQueues(root, PER_SEGMENT)) {
            reloaded.loadAll();

            assertEquals(6, reloaded.all().size());
            Set<String> names = reloaded.all().stream().map(ConsumeQueue::toString).collect(Collectors.toSet());
            assertTrue(names.contains("%RETRY%group|x/2"), names.toString());
            for (int q = 0; q < 3; q++) {
                ConsumeQueue a = reloaded.find("TopicA", q).orElseThrow();
                ConsumeQueue retry = reloaded.find("%RETRY%group|x", q).orElseThrow();
                assertEquals(10L * (q + 1), a.maxOffset());
                assertEquals(10L * (q + 1), retry.maxOffset());
                assertEquals(1_000_000 + 500, retry.entry(5).orElseThrow().commitLogOffset());
                assertEquals(q, a.queueId());
            }
            assertSame(reloaded.find("TopicA", 1).orElseThrow(), reloaded.findOrCreate("TopicA", 1));
        }
    }

    @Test
    void shouldIgnoreFoldersThatAreNotQueues() throws IOException {
        Files.createDirectories(root.resolve("TopicA").resolve("not-a-queue"));
        Files.createDirectories(root.resolve("TopicA").resolve("7"));

        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            table.loadAll();

            assertEquals(1, table.all().size());
            assertEquals(0, table.find("TopicA", 7).orElseThrow().maxOffset());
        }
    }

    @Test
    void shouldRefuseTopicNamesThatAreNotSafeFolderNames() {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            assertThrows(IllegalArgumentException.class, () -> table.findOrCreate("../escape", 0));
            assertThrows(IllegalArgumentException.class, () -> table.findOrCreate("a/b", 0));
            assertThrows(IllegalArgumentException.class, () -> table.findOrCreate("TopicA", -1));
            assertTrue(table.all().isEmpty());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldTruncateEveryQueueFromTheCommitLogEnd() throws IOException {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            fill(table, "TopicA", 2, 0);     // 30 entries at 0 .. 2900
            fill(table, "TopicB", 0, 1000);  // 10 entries at 1000 .. 1900

            table.truncateAllFrom(1500);

            assertEquals(15, table.find("TopicA", 2).orElseThrow().maxOffset());
            assertEquals(5, table.find("TopicB", 0).orElseThrow().maxOffset());
        }
    }

    @Test
    void shouldApplyRetentionToEveryQueueAndCorrectMinOffsetsAfterReload() throws IOException {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            fill(table, "TopicA", 2, 0);     // 30 entries at 0 .. 2900
            fill(table, "TopicB", 1, 0);     // 20 entries at 0 .. 1900

            table.deleteAllBelow(1700);

            assertEquals(17, table.find("TopicA", 2).orElseThrow().minOffset());
            assertEquals(17, table.find("TopicB", 1).orElseThrow().minOffset());
            assertFalse(Files.exists(root.resolve("TopicA").resolve("2").resolve("00000000000000000000")));
        }
        try (ConsumeQueues reloaded = new ConsumeQueues(root, PER_SEGMENT)) {
            reloaded.loadAll();
            assertEquals(16, reloaded.find("TopicA", 2).orElseThrow().minOffset());

            reloaded.correctAllMinOffsets(1700);

            assertEquals(17, reloaded.find("TopicA", 2).orElseThrow().minOffset());
            assertEquals(17, reloaded.find("TopicB", 1).orElseThrow().minOffset());
        }
    }

    @Test
    void shouldFlushAllQueuesToDisk() throws IOException {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            fill(table, "TopicA", 0, 0);
            fill(table, "TopicB", 1, 0);
            assertTrue(table.all().stream().allMatch(ConsumeQueue::hasUnflushedChanges));

            table.flushAll();

            assertTrue(table.all().stream().noneMatch(ConsumeQueue::hasUnflushedChanges));
        }
    }

    @Test
    void shouldDeleteTopicFilesAndForgetItsQueues() throws IOException {
        try (ConsumeQueues table = new ConsumeQueues(root, PER_SEGMENT)) {
            fill(table, "TopicA", 0, 0);
            fill(table, "TopicA", 1, 0);
            fill(table, "TopicB", 0, 0);

            table.deleteTopic("TopicA");

            assertFalse(Files.exists(root.resolve("TopicA")));
            assertTrue(table.find("TopicA", 0).isEmpty());
            assertEquals(1, table.all().size());
            assertEquals(10, table.find("TopicB", 0).orElseThrow().maxOffset());
            assertEquals(0, table.findOrCreate("TopicA", 0).maxOffset());
        }
    }
}
