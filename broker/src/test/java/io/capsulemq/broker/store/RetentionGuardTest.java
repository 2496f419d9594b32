package io.capsulemq.broker.store;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.retention.DiskSpace;
import io.capsulemq.broker.store.retention.RetentionService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.capsulemq.broker.store.TestStores.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Retention guards: what a part of the broker still needs is kept past the reserved time (72 h, the default
 * here), but not past a full disk. The store's clock is moved instead of waiting; segment ages are real file times.
 */
class RetentionGuardTest {
    /** Past the default fileReservedTime of 72 h, with room for the seconds the test itself takes. */
    private static final Duration OLD = Duration.ofHours(73);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();

    private DefaultMessageStore open() {
        return DefaultMessageStore.open(smallConfig(dir).clock(clock).build());
    }

    /** Writes 4 KB messages to T/0 until {@code segments} segments are closed; returns how many. */
    private static int fillSegments(DefaultMessageStore store, int segments) {
        int i = 0;
        while (store.maxCommitLogOffset() < (long) segments * SMALL_SEGMENT + SMALL_SEGMENT / 2) {
            assertTrue(store.put(MessageToStore.builder("T", 0).body(patternBody(i, 4000)).build()).isOk());
            i++;
        }
        awaitDispatched(store);
        return i;
    }

    /** The first message of T/0 still stored, checked against the body it was written with. */
    private static StoredMessage firstStored(DefaultMessageStore store) {
        long first = store.minOffset("T", 0);
        StoredMessage m = store.get("T", 0, first, 1, MessageFilter.ALL).messages().get(0);
        assertArrayEquals(patternBody(m.queueOffset(), 4000), m.body());
        return m;
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("commitlog"))) {
            return s.count();
        }
    }

    @Test
    void shouldKeepTheOldSegmentsFromTheOneAGuardStillNeedsOn() throws IOException {
        try (DefaultMessageStore store = open()) {
            fillSegments(store, 5);
            AtomicLong needed = new AtomicLong(2L * SMALL_SEGMENT + 1000);
            store.addRetentionGuard("reader", needed::get);
            clock.advance(OLD);

            assertEquals(2, store.cleanNow(), "the two segments before the needed offset go");
            assertEquals(2L * SMALL_SEGMENT, store.minCommitLogOffset());
            assertEquals(2L * SMALL_SEGMENT, firstStored(store).commitLogOffset() / SMALL_SEGMENT * SMALL_SEGMENT,
                    "T/0 now starts in the segment the guard holds");
            assertEquals(0, store.cleanNow(), "held on every round while the guard needs it");

            needed.set(4L * SMALL_SEGMENT);
            assertEquals(2, store.cleanNow(), "a segment ending exactly at the needed offset goes");
            assertEquals(4L * SMALL_SEGMENT, store.minCommitLogOffset());
            assertTrue(firstStored(store).commitLogOffset() >= 4L * SMALL_SEGMENT);
        }
    }

    @Test
    void shouldHoldNothingForAGuardThatNeedsNothing() throws IOException {
        try (DefaultMessageStore store = open()) {
            fillSegments(store, 5);
            store.addRetentionGuard("idle", () -> Long.MAX_VALUE);
            clock.advance(OLD);

            assertEquals(5, store.cleanNow());
            assertEquals(5L * SMALL_SEGMENT, store.minCommitLogOffset());
        }
    }

    @Test
    void shouldHoldToTheLowestOffsetAnyGuardNeeds() throws IOException {
        try (DefaultMessageStore store = open()) {
            fillSegments(store, 5);
            store.addRetentionGuard("far", () -> 4L * SMALL_SEGMENT + 10);
            store.addRetentionGuard("near", () -> 1L * SMALL_SEGMENT + 10);
            store.addRetentionGuard("idle", () -> Long.MAX_VALUE);
            clock.advance(OLD);

            assertEquals(1, store.cleanNow());
            assertEquals(SMALL_SEGMENT, store.minCommitLogOffset());
        }
    }

    @Test
    void shouldKeepEverySegmentForARoundInWhichAGuardThrows() throws IOException {
        try (DefaultMessageStore store = open();
             CapturedLog log = new CapturedLog(RetentionService.class)) {
            fillSegments(store, 5);
            AtomicInteger calls = new AtomicInteger();
            store.addRetentionGuard("idle", () -> Long.MAX_VALUE);
            store.addRetentionGuard("flaky", () -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("not ready");
                }
                return Long.MAX_VALUE;
            });
            clock.advance(OLD);

            assertEquals(0, store.cleanNow());
            assertEquals(0, store.minCommitLogOffset());
            assertEquals(1, log.containing("retention guard \"flaky\" failed").size(), log.messages().toString());
            assertEquals(5, store.cleanNow(), "the next round asks again");
        }
    }

    @Test
    void shouldAskGuardsOnlyWhenASegmentIsOldEnoughAndOnceARound() throws IOException {
        try (DefaultMessageStore store = open()) {
            fillSegments(store, 5);
            AtomicInteger calls = new AtomicInteger();
            store.addRetentionGuard("counted", () -> {
                calls.incrementAndGet();
                return Long.MAX_VALUE;
            });

            assertEquals(0, store.cleanNow());
            assertEquals(0, calls.get(), "nothing is old enough to go: the guard is not asked");

            clock.advance(OLD);
            assertEquals(5, store.cleanNow());
            assertEquals(1, calls.get(), "asked once for the five segments of the round");
        }
    }

    @Test
    void shouldDeleteWhatAGuardNeedsWhileTheDiskIsFullAndLogTheLoss() throws IOException {
        // Each segment on disk "uses" 10% of this pretend disk; retention may use 35%.
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
        StoreConfig config = smallConfig(dir).clock(clock).diskMaxUsedRatio(0.35).build();
        try (DefaultMessageStore store = DefaultMessageStore.open(config, FileBackend.LOCAL, disk);
             CapturedLog log = new CapturedLog(RetentionService.class)) {
            fillSegments(store, 6);
            store.addRetentionGuard("timer", () -> 0L);
            assertEquals(7, segmentFiles());

            assertEquals(4, store.cleanNow(), "down to 30% used, though the guard needs everything");
            assertEquals(4L * SMALL_SEGMENT, store.minCommitLogOffset());
            assertEquals(4, log.containing("although guard \"timer\" still needs offset 0").size(),
                    log.messages().toString());
            assertTrue(log.containing("although guard").get(0).contains("are lost"));

            clock.advance(OLD);
            assertEquals(0, store.cleanNow(), "below the disk threshold the guard holds again, however old");
            assertEquals(4L * SMALL_SEGMENT, store.minCommitLogOffset());
        }
    }
}
