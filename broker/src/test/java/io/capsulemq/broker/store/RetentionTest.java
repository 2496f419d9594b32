package io.capsulemq.broker.store;

import io.capsulemq.broker.store.commitlog.SegmentNames;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.retention.DiskSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static io.capsulemq.broker.store.TestStores.*;
import static org.junit.jupiter.api.Assertions.*;

class RetentionTest {
    @TempDir
    Path dir;

    private static int fillSegments(DefaultMessageStore store, int segments) {
        int i = 0;
        while (store.maxCommitLogOffset() < (long) segments * SMALL_SEGMENT + SMALL_SEGMENT / 2) {
            assertTrue(store.put(MessageToStore.builder("T", 0).keys("k" + i).body(patternBody(i, 4000)).build())
                    .isOk());
            i++;
        }
        awaitDispatched(store);
        return i;
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("commitlog"))) {
            return s.count();
        }
    }

    @Test
    void shouldDeleteExpiredSegmentsAndMoveQueueMinimumUp() throws IOException {
        int count;
        long minQueueOffset;
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            count = fillSegments(store, 5);
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(100)));
            for (int s = 0; s < 3; s++) {
                Files.setLastModifiedTime(dir.resolve("commitlog").resolve(SegmentNames.name((long) s * SMALL_SEGMENT)),
                        old);
            }
            assertEquals(3, store.cleanNow());
            assertEquals(3L * SMALL_SEGMENT, store.minCommitLogOffset());
            minQueueOffset = store.minOffset("T", 0);
            assertTrue(minQueueOffset > 0);
            GetResult tooSmall = store.get("T", 0, 0, 1, MessageFilter.ALL);
            assertEquals(GetStatus.OFFSET_TOO_SMALL, tooSmall.status());
            assertEquals(minQueueOffset, tooSmall.nextOffset(), "a consumer below the minimum moves up to it");
            StoredMessage first = store.get("T", 0, minQueueOffset, 1, MessageFilter.ALL).messages().get(0);
            assertTrue(first.commitLogOffset() >= 3L * SMALL_SEGMENT);
            assertArrayEquals(patternBody(minQueueOffset, 4000), first.body());
            assertTrue(store.lookUpByKey("T", "k0", 10, 0, Long.MAX_VALUE).isEmpty());
            assertEquals(1, store.lookUpByKey("T", "k" + (count - 1), 10, 0, Long.MAX_VALUE).size());
        }
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(minQueueOffset, store.minOffset("T", 0));
            assertEquals(count, store.maxOffset("T", 0));
        }
    }

    @Test
    void shouldDeleteOldestSegmentsWhileTheDiskIsOverItsThreshold() throws IOException {
        // Each segment on disk "uses" 10% of this pretend disk.
        DiskSpace disk = new DiskSpace() {
            @Override
            public double usedRatio() {
                try {
                    return 0.1 * segmentFiles();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public long usableBytes() {
                return Long.MAX_VALUE;
            }
        };
        StoreConfig config = smallConfig(dir).diskMaxUsedRatio(0.35).build();
        try (DefaultMessageStore store = DefaultMessageStore.open(config, FileBackend.LOCAL, disk)) {
            fillSegments(store, 6);
            assertEquals(7, segmentFiles());
            assertEquals(4, store.cleanNow());
            assertEquals(3, segmentFiles());
            assertEquals(4L * SMALL_SEGMENT, store.minCommitLogOffset());
        }
    }

    @Test
    void shouldNeverDeleteTheSegmentBeingWritten() throws IOException {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            store.put(message("T", 0, "only"));
            Files.setLastModifiedTime(dir.resolve("commitlog").resolve(SegmentNames.name(0)),
                    FileTime.from(Instant.now().minus(Duration.ofDays(30))));
            assertEquals(0, store.cleanNow());
            awaitDispatched(store);
            assertEquals("only", body(store.get("T", 0, 0, 1, MessageFilter.ALL).messages().get(0)));
        }
    }
}
