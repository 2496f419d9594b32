package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.capsulemq.broker.engine.timer.TimerTests.*;
import static org.junit.jupiter.api.Assertions.*;

/** The timer over a real store, with a hand-set clock. */
class TimerServiceTest {
    @TempDir
    Path dir;

    @Test
    void shouldNotFireBeforeTheDueTimeAndFireWithinOnePrecisionAfterIt() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config(dir).build(), clock)) {
            long due = T0 + 5_050;
            PutResult timed = putTimed(store, original("T", 1, "id-1"), due);
            awaitPending(timer, 1);

            advanceTo(clock, timer, due - 1);
            assertEquals(0, store.maxOffset("T", 1), "fired before its due time");
            assertEquals(1, timer.pendingCount());

            advanceTo(clock, timer, due);
            advanceTo(clock, timer, due + PRECISION - 51);
            assertEquals(0, store.maxOffset("T", 1), "fired before the end of its slot");
            advanceTo(clock, timer, due + PRECISION);
            await("the firing", Duration.ofSeconds(10), () -> store.maxOffset("T", 1) == 1);
            StoredMessage fired = readAll(store, "T", 1).get(0);
            assertEquals("id-1", fired.uniqueId(), "the message id must not change");
            assertEquals("body-id-1", TestStoresBodies.text(fired));
            assertEquals("key-id-1", fired.property(MessageProperties.KEYS));
            assertEquals("TagA", fired.tags());
            assertEquals("id-1", fired.property("seq"));
            assertEquals(Long.toString(timed.commitLogOffset()), fired.property(TimerMessages.TIMER_ORIGIN_OFFSET));
            assertNull(fired.property(MessageProperties.REAL_TOPIC));
            assertNull(fired.property(MessageProperties.REAL_QUEUE_ID));
            assertEquals(0, timer.pendingCount());
            assertEquals(1, timer.stats().fired());
        }
    }

    @Test
    void shouldFireSlotsInDueOrder() {
        ManualClock clock = new ManualClock(T0);
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config(dir).build(), clock)) {
            long[] dues = {T0 + 5_000, T0 + 1_000, T0 + 3_000, T0 + 2_000, T0 + 4_000, T0 + 1_500};
            for (int i = 0; i < dues.length; i++) {
                putTimed(store, original("T", 0, "m" + i), dues[i]);
            }
            awaitPending(timer, dues.length);
            advanceTo(clock, timer, T0 + 10_000);
            await("all fired", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) == dues.length);
            List<String> expected = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < dues.length; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingLong(i -> dues[i]));
            order.forEach(i -> expected.add("m" + i));
            assertEquals(expected, readAll(store, "T", 0).stream().map(StoredMessage::uniqueId).toList());
        }
    }

    @Test
    void shouldHoldEntriesDueBeyondTheWheelUntilTheirTime() {
        ManualClock clock = new ManualClock(T0);
        // 50 slots of 100 ms: the wheel spans 5 s, the messages are due far past it.
        TimerConfig config = config(dir).wheelSlots(50).build();
        long farDue = T0 + 61_234;
        long otherDue = T0 + 12_345;
        try (DefaultMessageStore store = openStore(dir)) {
            try (TimerService timer = TimerService.open(store, config, clock)) {
                putTimed(store, original("T", 0, "far"), farDue);
                putTimed(store, original("T", 0, "other"), otherDue);
                awaitPending(timer, 2);
                for (long t = T0; t < otherDue - PRECISION; t += 2_000) {
                    advanceTo(clock, timer, t);
                }
                advanceTo(clock, timer, otherDue - 1);
                assertEquals(0, store.maxOffset("T", 0), "nothing is due yet");
                advanceTo(clock, timer, otherDue + PRECISION);
                await("the nearer one", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) == 1);
                for (long t = otherDue; t < T0 + 30_000; t += 1_700) {
                    advanceTo(clock, timer, t);
                }
                assertEquals(1, timer.pendingCount());
            }
            // Across a restart, still held.
            try (TimerService timer = TimerService.open(store, config, clock)) {
                assertEquals(1, timer.pendingCount());
                for (long t = T0 + 30_000; t < farDue; t += 1_900) {
                    advanceTo(clock, timer, t);
                }
                advanceTo(clock, timer, farDue - 1);
                assertEquals(1, store.maxOffset("T", 0), "fired before its due time");
                advanceTo(clock, timer, farDue + PRECISION);
                await("the far one", Duration.ofSeconds(10), () -> store.maxOffset("T", 0) == 2);
                assertEquals(List.of("other", "far"),
                        readAll(store, "T", 0).stream().map(StoredMessage::uniqueId).toList());
                assertEquals(0, timer.pendingCount());
            }
        }
    }

    @Test
    void shouldFireEveryEntryOfACrowdedSlotOnceInTheOrderSent() {
        ManualClock clock = new ManualClock(T0);
        int count = 5_000;
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config(dir).build(), clock)) {
            for (int i = 0; i < count; i++) {
                putTimed(store, original("T", 2, "c" + i), T0 + 2_000);
            }
            awaitPending(timer, count);
            advanceTo(clock, timer, T0 + 2_000);
            await("all fired", Duration.ofSeconds(30), () -> store.maxOffset("T", 2) == count);
            List<String> order = readAll(store, "T", 2).stream().map(StoredMessage::uniqueId).toList();
            for (int i = 0; i < count; i++) {
                assertEquals("c" + i, order.get(i), "messages due together are delivered in the order sent");
            }
        }
    }

    @Test
    void shouldDeliverPromptlyWhatFellDueWhileStopped() {
        ManualClock clock = new ManualClock(T0);
        TimerConfig config = config(dir).build();
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            for (int i = 0; i < 3; i++) {
                putTimed(store, original("T", 0, "d" + i), T0 + 2_000 + i * 1_000);
            }
            putTimed(store, original("T", 0, "later"), T0 + 7_200_000);
            awaitPending(timer, 4);
        }
        setClock(clock, T0 + 3_600_000); // an hour of downtime
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config, clock)) {
            await("delivery after restart", Duration.ofSeconds(5), () -> store.maxOffset("T", 0) == 3);
            assertEquals(List.of("d0", "d1", "d2"),
                    readAll(store, "T", 0).stream().map(StoredMessage::uniqueId).toList());
            assertEquals(1, timer.pendingCount());
        }
    }

    @Test
    void shouldKeepPendingMessagesAcrossARestartAndListThem() {
        ManualClock clock = new ManualClock(T0);
        TimerConfig config = config(dir).build();
        try (DefaultMessageStore store = openStore(dir)) {
            try (TimerService timer = TimerService.open(store, config, clock)) {
                for (int i = 0; i < 10; i++) {
                    putTimed(store, original("%RETRY%group", 0, "p" + i), T0 + 30_000 + i * 1_000);
                }
                awaitPending(timer, 10);
                List<PendingTimer> listed = timer.listPending(3);
                assertEquals(3, listed.size());
                assertEquals(new PendingTimer("%RETRY%group", 0, "p0", T0 + 30_000), listed.get(0));
            }
            try (TimerService timer = TimerService.open(store, config, clock)) {
                assertEquals(10, timer.pendingCount());
                assertEquals(10, timer.listPending(100).size());
                advanceTo(clock, timer, T0 + 60_000);
                await("all fired", Duration.ofSeconds(10), () -> store.maxOffset("%RETRY%group", 0) == 10);
                assertEquals(0, timer.pendingCount());
                assertTrue(timer.listPending(10).isEmpty());
            }
            try (TimerService timer = TimerService.open(store, config, clock)) {
                advanceTo(clock, timer, T0 + 70_000);
                assertEquals(10, store.maxOffset("%RETRY%group", 0), "fired again after a clean restart");
            }
        }
    }

    @Test
    void shouldLeaveNoThreadBehind() {
        ManualClock clock = new ManualClock(T0);
        try (DefaultMessageStore store = openStore(dir)) {
            for (int i = 0; i < 3; i++) {
                TimerService timer = TimerService.open(store, config(dir).build(), clock);
                assertEquals(1, countThreads("capsule-timer"));
                timer.close();
                timer.close();
                assertEquals(0, countThreads("capsule-timer"));
            }
        }
    }
}
