package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.retry.RetryService;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.send.SendService;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.engine.transaction.HalfMessages;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.capsulemq.broker.engine.timer.TimerTests.*;
import static org.junit.jupiter.api.Assertions.*;

/** The engine's sends and retries routed through the timer ({@link TimerMessages#wrap} as their timer routing). */
class TimedSendAndRetryTest {
    private static final long S = 1_000;
    private static final long M = 60 * S;
    /** RocketMQ 4's delay levels 1..18. */
    private static final long[] LEVELS = {S, 5 * S, 10 * S, 30 * S, M, 2 * M, 3 * M, 4 * M, 5 * M, 6 * M, 7 * M,
            8 * M, 9 * M, 10 * M, 20 * M, 30 * M, 60 * M, 120 * M};

    @TempDir
    Path dir;

    private TopicRegistry topics() {
        return new TopicRegistry(dir.resolve("config"), 1, true);
    }

    @Test
    void shouldDeliverEachDelayLevelAfterItsDelayAndNotBefore() {
        ManualClock clock = new ManualClock(T0);
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config(dir).horizon(Duration.ofHours(3)).build(), clock)) {
            SendService sender = new SendService(store, topics(), clock, Duration.ofHours(3), TimerMessages::wrap,
                    HalfMessages::toHalf);
            for (int level = 18; level >= 1; level--) {
                SendResult sent = sender.send(MessageToStore.builder("D", 0).property("level", "" + level)
                        .property(MessageProperties.DELAY_LEVEL, Integer.toString(level)).build()).join();
                assertTrue(sent.status().isWritten());
            }
            awaitPending(timer, 18);
            for (int level = 1; level <= 18; level++) {
                advanceTo(clock, timer, T0 + LEVELS[level - 1] - 1);
                assertEquals(level - 1, store.maxOffset("D", 0), "level " + level + " fired early");
                advanceTo(clock, timer, T0 + LEVELS[level - 1] + PRECISION);
                int expected = level;
                await("level " + level, Duration.ofSeconds(10), () -> store.maxOffset("D", 0) == expected);
                StoredMessage fired = readAll(store, "D", 0).get(level - 1);
                assertEquals(Integer.toString(level), fired.property("level"));
                assertNull(fired.property(MessageProperties.DELAY_LEVEL), "delivered once, not delayed again");
            }
        }
    }

    @Test
    void shouldRedeliverAFailedMessageAfterTheBackOffOfItsAttempt() {
        ManualClock clock = new ManualClock(T0);
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config(dir).build(), clock)) {
            TopicRegistry topics = topics();
            RetryService retries = new RetryService(store, topics, new GroupRegistry(dir.resolve("config"), true),
                    TimerMessages::wrap, clock);
            StoredMessage failed = store.lookAt(store.put(MessageToStore.builder("orders", 0)
                    .property(MessageProperties.UNIQUE_KEY, "ID-7").build()).commitLogOffset()).orElseThrow();
            String retryTopic = SystemTopics.retryTopic("g");
            long start = T0;
            // The first redelivery waits 10 s, the second 30 s (levels 3 and 4).
            for (long backOff : List.of(10 * S, 30 * S)) {
                retries.sendBack("g", failed, 0, -1).join();
                long delivered = store.maxOffset(retryTopic, 0);
                advanceTo(clock, timer, start + backOff - 1);
                assertEquals(delivered, store.maxOffset(retryTopic, 0), "redelivered before its back-off");
                advanceTo(clock, timer, start + backOff + PRECISION);
                await("the redelivery", Duration.ofSeconds(10),
                        () -> store.maxOffset(retryTopic, 0) == delivered + 1);
                failed = readAll(store, retryTopic, 0).get((int) delivered);
                assertEquals("ID-7", failed.uniqueId());
                assertEquals(delivered + 1, failed.reconsumeTimes());
                assertEquals("orders", failed.property(MessageProperties.RETRY_TOPIC));
                start = clock.millis();
            }
        }
    }

    @Test
    void shouldFollowAConfiguredBackOffAndRepeatItsLastDelay() {
        ManualClock clock = new ManualClock(T0);
        try (DefaultMessageStore store = openStore(dir);
             TimerService timer = TimerService.open(store, config(dir).build(), clock)) {
            RetryService retries = new RetryService(store, topics(), new GroupRegistry(dir.resolve("config"), true),
                    TimerMessages::wrap, clock, List.of(Duration.ofSeconds(2), Duration.ofSeconds(5)));
            StoredMessage failed = store.lookAt(store.put(MessageToStore.builder("orders", 0)
                    .property(MessageProperties.UNIQUE_KEY, "ID-8").build()).commitLogOffset()).orElseThrow();
            String retryTopic = SystemTopics.retryTopic("g");
            long start = T0;
            for (long backOff : List.of(2 * S, 5 * S, 5 * S)) {
                retries.sendBack("g", failed, 0, -1).join();
                long delivered = store.maxOffset(retryTopic, 0);
                advanceTo(clock, timer, start + backOff - 1);
                assertEquals(delivered, store.maxOffset(retryTopic, 0), "redelivered before its back-off");
                advanceTo(clock, timer, start + backOff + PRECISION);
                await("the redelivery", Duration.ofSeconds(10),
                        () -> store.maxOffset(retryTopic, 0) == delivered + 1);
                failed = readAll(store, retryTopic, 0).get((int) delivered);
                start = clock.millis();
            }
        }
    }

    @Test
    void shouldRefuseAnEmptyOrNegativeBackOff() {
        assertThrows(IllegalArgumentException.class, () -> RetryService.checkBackoff(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> RetryService.checkBackoff(List.of(Duration.ofSeconds(1), Duration.ofSeconds(-1))));
        assertEquals(16, RetryService.defaultBackoff().size());
        assertEquals(Duration.ofSeconds(10), RetryService.defaultBackoff().get(0));
        assertEquals(Duration.ofHours(2), RetryService.defaultBackoff().get(15));
    }
}
