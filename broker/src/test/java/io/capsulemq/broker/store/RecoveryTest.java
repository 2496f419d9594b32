package io.capsulemq.broker.store;

import io.capsulemq.broker.store.checkpoint.Checkpoint;
import io.capsulemq.broker.store.checkpoint.CheckpointFile;
import io.capsulemq.broker.store.commitlog.SegmentNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.capsulemq.broker.store.TestStores.*;
import static org.junit.jupiter.api.Assertions.*;

/** Crash images made by hand: a checkpoint set back, the abort marker left behind, bytes damaged. */
class RecoveryTest {
    @TempDir
    Path dir;

    /** Puts {@code count} messages of distinct sizes into T/0 and closes; returns each one's commit log offset. */
    private List<Long> fill(int count) {
        List<Long> offsets = new ArrayList<>();
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            for (int i = 0; i < count; i++) {
                PutResult r = store.put(MessageToStore.builder("T", 0).keys("k" + i).body(patternBody(i, 100 + i))
                        .build());
                assertTrue(r.isOk());
                offsets.add(r.commitLogOffset());
            }
        }
        return offsets;
    }

    /** Makes the folder look like a process died with its last checkpoint at {@code offset}. */
    private void crashedWithCheckpointAt(long offset) throws IOException {
        try (CheckpointFile checkpoint = CheckpointFile.open(dir)) {
            checkpoint.write(new Checkpoint(offset, offset, System.currentTimeMillis()));
        }
        Files.write(dir.resolve("abort"), new byte[0]);
    }

    private Path segment(long base) {
        return dir.resolve("commitlog").resolve(SegmentNames.name(base));
    }

    private void flipByte(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(segment(0).toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5A);
        }
    }

    private void zeroFrom(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(segment(0).toFile(), "rw")) {
            f.seek(offset);
            f.write(new byte[(int) (f.length() - offset)]);
        }
    }

    private static void assertIntact(DefaultMessageStore store, int count) {
        awaitDispatched(store);
        assertEquals(count, store.maxOffset("T", 0));
        GetResult all = store.get("T", 0, 0, count + 10, MessageFilter.ALL);
        assertEquals(count, all.messages().size());
        for (int i = 0; i < count; i++) {
            assertArrayEquals(patternBody(i, 100 + i), all.messages().get(i).body(), "message " + i);
        }
    }

    @Test
    void shouldKeepEveryGoodRecordBeforeAFlippedByte() throws IOException {
        List<Long> offsets = fill(50);
        flipByte(offsets.get(30) + 150);
        crashedWithCheckpointAt(offsets.get(20));
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertFalse(report.previousShutdownClean());
            assertEquals(offsets.get(20), report.replayedFrom());
            assertEquals(offsets.get(30), report.logEnd());
            assertTrue(report.stopReason().contains("CRC"), report.stopReason());
            assertIntact(store, 30);
            assertEquals(30, store.put(MessageToStore.builder("T", 0).body(patternBody(30, 130)).build())
                    .queueOffset());
            assertIntact(store, 31);
        }
    }

    @Test
    void shouldKeepEveryGoodRecordBeforeARecordCutInTheMiddle() throws IOException {
        List<Long> offsets = fill(50);
        zeroFrom(offsets.get(40) + 60);
        crashedWithCheckpointAt(offsets.get(10));
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(offsets.get(40), store.recoveryReport().logEnd());
            assertIntact(store, 40);
            assertTrue(store.lookUpByKey("T", "k45", 10, 0, Long.MAX_VALUE).isEmpty());
            assertEquals(1, store.lookUpByKey("T", "k39", 10, 0, Long.MAX_VALUE).size());
        }
    }

    @Test
    void shouldNotResurrectStaleRecordsBeyondATornTail() throws IOException {
        List<Long> offsets = fill(50);
        flipByte(offsets.get(30) + 150);
        crashedWithCheckpointAt(offsets.get(20));
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            // Same sizes as the lost records 30..34, so the new tail ends exactly where stale record 35 began.
            for (int i = 30; i < 35; i++) {
                PutResult r = store.put(MessageToStore.builder("T", 0).keys("k" + i).body(patternBody(i, 100 + i))
                        .build());
                assertEquals(offsets.get(i), r.commitLogOffset());
            }
        }
        crashedWithCheckpointAt(offsets.get(20));
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(offsets.get(35), store.recoveryReport().logEnd());
            assertIntact(store, 35);
        }
    }

    @Test
    void shouldReplayOnlyTheTailAfterTheCheckpoint() throws IOException {
        List<Long> offsets = fill(1000);
        long end;
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            end = store.maxCommitLogOffset();
        }
        crashedWithCheckpointAt(offsets.get(990));
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(end - offsets.get(990), store.recoveryReport().replayedBytes());
            assertIntact(store, 1000);
        }
    }

    @Test
    void shouldRebuildLostConsumeQueuesAndIndexFromTheLog() throws IOException {
        fill(300);
        try (var files = Files.walk(dir.resolve("consumequeue"))) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir.resolve("checkpoint"));
        Files.write(dir.resolve("abort"), new byte[0]);
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(0, store.recoveryReport().replayedFrom());
            assertIntact(store, 300);
            assertEquals(1, store.lookUpByKey("T", "k250", 10, 0, Long.MAX_VALUE).size());
        }
    }

    @Test
    void shouldNeverReturnACorruptRecordFromTheMiddleOfTheLog() throws IOException {
        List<Long> offsets = fill(20);
        flipByte(offsets.get(7) + 140);
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertTrue(store.recoveryReport().previousShutdownClean());
            GetResult all = store.get("T", 0, 0, 100, MessageFilter.ALL);
            assertEquals(19, all.messages().size());
            assertTrue(all.messages().stream().noneMatch(m -> m.queueOffset() == 7));
            GetResult fromBad = store.get("T", 0, 7, 1, MessageFilter.ALL);
            assertEquals(8, fromBad.messages().get(0).queueOffset(), "the corrupt record is skipped, not returned");
            assertEquals(9, fromBad.nextOffset());
            assertTrue(store.lookAt(offsets.get(7)).isEmpty());
        }
    }

    @Test
    void shouldAnswerFoundNullWhenOnlyCorruptRecordsRemain() throws IOException {
        List<Long> offsets = fill(20);
        flipByte(offsets.get(19) + 140);
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            GetResult bad = store.get("T", 0, 19, 5, MessageFilter.ALL);
            assertEquals(GetStatus.OFFSET_FOUND_NULL, bad.status());
            assertEquals(20, bad.nextOffset());
        }
    }
}
