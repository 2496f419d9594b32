package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.store.CapturedLog;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoreConfig;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.TestStores;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.retention.DiskSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;

import static io.capsulemq.broker.engine.timer.TimerTests.*;
import static io.capsulemq.broker.store.TestStores.SMALL_SEGMENT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The timer against the store's retention: its guard (wired by the broker) keeps a timed message's record past the
 * reserved time (72 h, the default) until it fires; only a full disk takes it, and then the loss is reported.
 */
class TimerRetentionTest {
    /** Past the default fileReservedTime of 72 h, with room for the seconds the test itself takes. */
    private static final Duration PAST_RESERVED = Duration.ofHours(75);

    @TempDir
    Path dir;
    /** The broker's and the store's clock: it tells when messages are due and how old segments are. */
    private final ManualClock clock = new ManualClock();

    private Broker startBroker() {
        StoreConfig store = TestStores.smallConfig(dir).clock(clock).build();
        return Broker.start(BrokerConfig.builder(store).clock(clock).timerMaxDelay(Duration.ofDays(4)).build());
    }

    private static DefaultMessageStore storeOf(Broker broker) {
        return (DefaultMessageStore) broker.store();
    }

    /** Writes 4 KB messages to another topic until the log reaches {@code offset}. */
    private static void fillTo(MessageStore store, long offset) {
        while (store.maxCommitLogOffset() < offset) {
            assertTrue(store.put(MessageToStore.builder("filler", 0).body(new byte[4000]).build()).isOk());
        }
    }

    @Test
    void shouldFireIntactAMessageTimedBeyondTheReservedTimeThroughRetentionAndARestart() throws IOException {
        long sentAt = clock.millis();
        long due = sentAt + Duration.ofHours(90).toMillis();
        SendResult timed;
        try (Broker broker = startBroker()) {
            fillTo(broker.store(), 2L * SMALL_SEGMENT);
            timed = broker.sender().send(MessageToStore.builder("Later", 3)
                    .body("body-late-1".getBytes(StandardCharsets.UTF_8)).property(MessageProperties.UNIQUE_KEY, "late-1")
                    .keys("key-late-1").tags("TagA").property("seq", "late-1")
                    .property(MessageProperties.DELIVER_TIME_MS, Long.toString(due)).build()).join();
            assertTrue(timed.status().isWritten(), timed.toString());
            assertEquals(2, timed.commitLogOffset() / SMALL_SEGMENT, "the timer record lies in segment 2");
            fillTo(broker.store(), 4L * SMALL_SEGMENT);
            awaitPending(broker.timer(), 1);

            clock.advance(PAST_RESERVED);
            assertEquals(2, storeOf(broker).cleanNow(), "the older segments go: they are past the reserved time");
            assertEquals(2L * SMALL_SEGMENT, storeOf(broker).minCommitLogOffset(),
                    "the timer record's segment is as old, and stays");
        }
        try (Broker broker = startBroker()) {
            assertEquals(0, storeOf(broker).cleanNow(), "still held after a restart");
            assertTrue(broker.store().lookAt(timed.commitLogOffset()).isPresent());

            advanceTo(clock, broker.timer(), due + 1_000);
            await("the timed message", Duration.ofSeconds(30), () -> broker.store().maxOffset("Later", 3) == 1);
            List<StoredMessage> delivered = readAll(broker.store(), "Later", 3);
            assertEquals(1, delivered.size());
            StoredMessage m = delivered.get(0);
            assertEquals("late-1", m.uniqueId());
            assertEquals(timed.messageId(), m.uniqueId());
            assertEquals("body-late-1", new String(m.body(), StandardCharsets.UTF_8));
            assertEquals("key-late-1", m.property(MessageProperties.KEYS));
            assertEquals("TagA", m.property(MessageProperties.TAGS));
            assertEquals("late-1", m.property("seq"));
            assertEquals(0, broker.timer().stats().dropped());

            clock.advance(PAST_RESERVED);
            assertEquals(2, storeOf(broker).cleanNow(), "fired: the timer no longer holds its record's segment");
            assertTrue(storeOf(broker).minCommitLogOffset() > timed.commitLogOffset());
        }
    }

    @Test
    void shouldDropAndReportATimedMessageWhoseRecordAFullDiskTook() throws IOException {
        FullDisk disk = new FullDisk();
        StoreConfig storeConfig = TestStores.smallConfig(storeDir(dir)).clock(clock).diskMaxUsedRatio(0.9).build();
        long due = clock.millis() + Duration.ofMinutes(10).toMillis();
        try (DefaultMessageStore store = DefaultMessageStore.open(storeConfig, FileBackend.LOCAL, disk);
             TimerService timer = TimerService.open(store, config(dir).build(), clock);
             CapturedLog firingLog = new CapturedLog(SlotFiring.class)) {
            store.addRetentionGuard("timer", timer::lowestNeededCommitLogOffset);
            long recordAt = putTimed(store, original("Soon", 0, "lost-1"), due).commitLogOffset();
            fillTo(store, 2L * SMALL_SEGMENT);
            awaitPending(timer, 1);
            assertEquals(0, store.cleanNow(), "nothing is old and the disk has room");

            disk.used = 0.95;
            assertEquals(2, store.cleanNow(), "a full disk overrides the timer's guard");
            assertTrue(store.minCommitLogOffset() > recordAt);
            disk.used = 0.5;

            advanceTo(clock, timer, due + PRECISION);
            assertEquals(1, timer.stats().dropped());
            assertEquals(0, store.maxOffset("Soon", 0), "nothing is delivered in its place");
            List<String> reported = firingLog.containing(MessageFormat.format("commit log offset {0}", recordAt));
            assertEquals(1, reported.size(), firingLog.messages().toString());
            assertTrue(reported.get(0).contains("retention deleted it"), reported.get(0));
        }
    }

    /** A disk whose use the test sets. */
    private static final class FullDisk implements DiskSpace {
        volatile double used = 0.5;

        @Override
        public double usedRatio() {
            return used;
        }

        @Override
        public long usableBytes() {
            return Long.MAX_VALUE;
        }
    }
}
