package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoreConfig;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.TestStores;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** Stores, timers and timed messages for the timer's tests. */
final class TimerTests {
    /** A fixed start for hand-set clocks: 2023-11-14T22:13:20Z. */
    static final long T0 = 1_700_000_000_000L;
    static final long PRECISION = 100;

    private TimerTests() {
    }

    static Path storeDir(Path dir) {
        return dir.resolve("store");
    }

    /** A small store, with index and queue files large enough that thousands of messages do not need hundreds. */
    static StoreConfig.Builder storeConfig(Path dir) {
        return TestStores.smallConfig(storeDir(dir)).commitLogSegmentSize(4 << 20)
                .consumeQueueEntriesPerSegment(4096).indexHashSlots(4096).indexEntriesPerFile(32_768);
    }

    static DefaultMessageStore openStore(Path dir) {
        return DefaultMessageStore.open(storeConfig(dir).build());
    }

    /** 100 ms slots over an hour's horizon; small log segments so tests cross them. */
    static TimerConfig.Builder config(Path dir) {
        return TimerConfig.builder(dir.resolve("timer")).precision(Duration.ofMillis(PRECISION))
                .horizon(Duration.ofHours(1)).logSegmentBytes(64 * 1024);
    }

    /** A message as a producer sends it, with a unique id, a key, a tag and a user property. */
    static MessageToStore original(String topic, int queueId, String id) {
        return MessageToStore.builder(topic, queueId).body(("body-" + id).getBytes(StandardCharsets.UTF_8))
                .property("UNIQ_KEY", id).keys("key-" + id).tags("TagA").property("seq", id)
                .build();
    }

    /** Puts {@code original} into the timer topic, due at {@code due}; returns the put's result. */
    static PutResult putTimed(MessageStore store, MessageToStore original, long due) {
        PutResult r = store.put(TimerMessages.wrap(original, due));
        assertTrue(r.isOk(), r.toString());
        return r;
    }

    static List<StoredMessage> readAll(MessageStore store, String topic, int queueId) {
        List<StoredMessage> all = new ArrayList<>();
        long max = store.maxOffset(topic, queueId);
        for (long offset = store.minOffset(topic, queueId); offset < max; ) {
            GetResult r = store.get(topic, queueId, offset, 512, MessageFilter.ALL);
            all.addAll(r.messages());
            if (r.nextOffset() <= offset) {
                break;
            }
            offset = r.nextOffset();
        }
        return all;
    }

    /** How many times each unique id was delivered to the queue. */
    static Map<String, Integer> deliveries(MessageStore store, String topic, int queueId) {
        Map<String, Integer> counts = new HashMap<>();
        for (StoredMessage m : readAll(store, topic, queueId)) {
            counts.merge(m.uniqueId(), 1, Integer::sum);
        }
        return counts;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the timer has scheduled {@code pending} entries. */
    static void awaitPending(TimerService timer, long pending) {
        timer.wakeUp();
        await(pending + " pending", Duration.ofSeconds(30), () -> timer.pendingCount() == pending);
    }

    static void setClock(ManualClock clock, long millis) {
        clock.advance(Duration.ofMillis(millis - clock.millis()));
    }

    /** Moves the clock and waits until the timer has fired everything it holds that is due by then. */
    static void advanceTo(ManualClock clock, TimerService timer, long millis) {
        setClock(clock, millis);
        timer.wakeUp();
        await("the timer to catch up with " + millis, Duration.ofSeconds(60), () -> timer.caughtUpTo() >= millis);
    }

    static long countThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }
}
