package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.capsulemq.broker.engine.timer.TimerTests.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Crash images made in process: the timer is halted where a crash could stop it, writing nothing more, and its
 * files are perhaps damaged or set back as a crash could leave them; then store and timer are opened again and
 * every timed message must arrive exactly once.
 */
class TimerCrashTest {
    @TempDir
    Path dir;

    private static void assertEachOnce(Map<String, Integer> deliveries, int expected) {
        assertEquals(expected, deliveries.size(), "messages delivered");
        deliveries.forEach((id, n) -> assertEquals(1, n, id + " delivered " + n + " times"));
    }

    @Test
    void shouldFireEachTimedMessageOnceAfterACrashMidSlot() {
        ManualClock clock = new ManualClock(T0);
        TimerConfig config = config(dir).build();
        try (DefaultMessageStore store = openStore(dir)) {
            AtomicReference<TimerService> timer = new AtomicReference<>();
            HaltingStore halting = new HaltingStore(store, 300, () -> timer.get().halt());
            timer.set(TimerService.open(halting, config, clock));
            for (int i = 0; i < 1500; i++) {
                putTimed(store, original("T", 0, "m" + i), i < 1000 ? T0 + 1_000 : T0 + 2_000);
            }
            awaitPending(timer.get(), 1500);
            setClock(clock, T0 + 5_000);
            timer.get().wakeUp();
            await("the crash", Duration.ofSeconds(30), () -> halting.puts() >= 300);
            timer.get().halt();
            TestStores.awaitDispatched(store);
            assertEquals(300, store.maxOffset("T", 0), "delivered before the crash");
        }
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            await("all delivered", Duration.ofSeconds(30), () -> store.maxOffset("T", 0) >= 1500);
            awaitPending(timer, 0);
            assertEachOnce(deliveries(store, "T", 0), 1500);
            assertEquals(300, timer.stats().deduplicated(), "the ones fired before the crash were recognised");
        }
    }

    @Test
    void shouldRebuildTheWheelFromTheLogWhenTheCheckpointIsStale() throws IOException {
        ManualClock clock = new ManualClock(T0);
        // Checkpoints only when a slot's firing needs one, so the log runs far past the checkpoint.
        TimerConfig config = config(dir).checkpointInterval(Duration.ofHours(1)).fireAheadBudget(50).build();
        Path checkpoint = config.dir().resolve(TimerCheckpointDescriptor.FILE_NAME);
        Path stale = dir.resolve("stale-checkpoint");
        int fired;
        try (DefaultMessageStore store = openStore(dir)) {
            TimerService timer = TimerService.open(store, config, clock);
            Files.copy(checkpoint, stale);
            for (int i = 0; i < 1000; i++) {
                putTimed(store, original("T", 0, "m" + i), T0 + 1_000 + (i % 20) * 500);
            }
            awaitPending(timer, 1000);
            advanceTo(clock, timer, T0 + 6_000);
            timer.halt();
            TestStores.awaitDispatched(store);
            fired = (int) store.maxOffset("T", 0);
            assertEquals(550, fired);
        }
        // The wheel file is now newer than the checkpoint, which predates every entry.
        Files.copy(stale, checkpoint, StandardCopyOption.REPLACE_EXISTING);
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            assertEquals(1000 - fired, timer.pendingCount());
            advanceTo(clock, timer, T0 + 6_000);
            assertEquals(fired, store.maxOffset("T", 0), "done slots fired again");
            advanceTo(clock, timer, T0 + 12_000);
            await("all delivered", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) >= 1000);
            assertEachOnce(deliveries(store, "T", 0), 1000);
        }
    }

    @Test
    void shouldScheduleAgainWhatFollowsATornTimerLogRecord() throws IOException {
        ManualClock clock = new ManualClock(T0);
        TimerConfig config = config(dir).checkpointInterval(Duration.ofHours(1)).logSegmentBytes(1 << 20).build();
        try (DefaultMessageStore store = openStore(dir)) {
            TimerService timer = TimerService.open(store, config, clock);
            for (int i = 0; i < 100; i++) {
                putTimed(store, original("T", 0, "m" + i), T0 + 10_000 + i * 10);
            }
            awaitPending(timer, 100);
            timer.halt();
        }
        // Record 50 of the first segment (after its start record) is torn.
        long torn = TimerLogDescriptor.RECORD_SIZE * 51L + 20;
        try (RandomAccessFile f = new RandomAccessFile(lastSegment(config).toFile(), "rw")) {
            f.seek(torn);
            f.write(f.read() ^ 0x40);
        }
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            awaitPending(timer, 100);
            advanceTo(clock, timer, T0 + 12_000);
            await("all delivered", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) >= 100);
            assertEachOnce(deliveries(store, "T", 0), 100);
        }
    }

    @Test
    void shouldFinishASlotCutBetweenItsMovesAndItsDoneMark() throws IOException {
        ManualClock clock = new ManualClock(T0);
        // A wheel of 5 s: the far message waits in the same last slot as the near one, and moves on from it.
        TimerConfig config = config(dir).wheelSlots(50).checkpointInterval(Duration.ofHours(1)).build();
        long nearDue = T0 + 4_900;
        long farDue = T0 + 20_000;
        try (DefaultMessageStore store = openStore(dir)) {
            TimerService timer = TimerService.open(store, config, clock);
            advanceTo(clock, timer, T0); // the first slot not done is T0's: the wheel spans to T0 + 4.9 s
            putTimed(store, original("T", 0, "near"), nearDue);
            putTimed(store, original("T", 0, "far"), farDue);
            awaitPending(timer, 2);
            advanceTo(clock, timer, nearDue);
            await("the near one", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) == 1);
            timer.halt();
        }
        // The crash came after the slot's ROLL reached the log and before its SLOT_DONE did.
        Path segment = lastSegment(config);
        long done = lastRecordPosition(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(done + TimerLogDescriptor.KIND_OFFSET);
            assertEquals(TimerLogDescriptor.SLOT_DONE, f.readInt());
            f.seek(done - TimerLogDescriptor.RECORD_SIZE + TimerLogDescriptor.KIND_OFFSET);
            assertEquals(TimerLogDescriptor.ROLL, f.readInt());
            f.seek(done);
            f.write(new byte[TimerLogDescriptor.RECORD_SIZE]);
        }
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            for (long t = nearDue; t < farDue; t += 2_000) {
                advanceTo(clock, timer, t);
            }
            assertEquals(1, store.maxOffset("T", 0));
            assertEquals(1, timer.stats().deduplicated(), "the near one was recognised as fired");
            advanceTo(clock, timer, farDue + PRECISION);
            await("the far one", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) == 2);
            assertEquals(List.of("near", "far"), readAll(store, "T", 0).stream().map(m -> m.uniqueId()).toList());
        }
    }

    @Test
    void shouldReadAgainFromWhereTheStoreEndsWhenTheStoreLostItsTail() throws IOException {
        ManualClock clock = new ManualClock(T0);
        TimerConfig config = config(dir).build();
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            for (int i = 0; i < 5; i++) {
                putTimed(store, original("T", 0, "lost" + i), T0 + 10_000);
            }
            awaitPending(timer, 5);
        }
        // The store comes back with none of them (as if its unforced tail died with the machine).
        try (Stream<Path> files = Files.walk(storeDir(dir))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            putTimed(store, original("T", 0, "new0"), T0 + 20_000);
            putTimed(store, original("T", 0, "new1"), T0 + 20_000);
            awaitPending(timer, 7);
            advanceTo(clock, timer, T0 + 20_000);
            await("the new ones", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) == 2);
            assertEquals(List.of("new0", "new1"), readAll(store, "T", 0).stream().map(m -> m.uniqueId()).toList());
            assertEquals(5, timer.stats().dropped(), "the lost ones are dropped when due");
            assertEquals(0, timer.pendingCount());
        }
    }

    private static Path lastSegment(TimerConfig config) throws IOException {
        try (Stream<Path> files = Files.list(config.dir().resolve(PersistentWheel.LOG_DIR))) {
            return files.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Position in its segment file of the segment's last record. */
    private static long lastRecordPosition(Path segment) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(segment));
        long last = -1;
        for (int at = 0; at + TimerLogDescriptor.RECORD_SIZE <= all.limit(); at += TimerLogDescriptor.RECORD_SIZE) {
            if (TimerLogDescriptor.isKnownKind(all.getInt(at + TimerLogDescriptor.KIND_OFFSET))) {
                last = at;
            }
        }
        return last;
    }
}
