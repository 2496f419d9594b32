package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.send.SendService;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.CapturedLog;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.MessageFilter;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.capsulemq.broker.engine.transaction.TransactionResolution.COMMIT;
import static io.capsulemq.broker.store.TestStores.SMALL_SEGMENT;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Transactions against the store's retention: their guard (wired by the broker) keeps a pending half past the
 * reserved time (72 h, the default) until it is resolved; only a full disk takes it, and then the loss is reported.
 */
class TransactionRetentionTest {
    private static final String GROUP = "order-producers";
    private static final String TOPIC = "Orders";
    /** Past the default fileReservedTime of 72 h. */
    private static final Duration PAST_RESERVED = Duration.ofHours(75);

    @TempDir
    Path dir;
    /** The broker's and the store's clock: real time moved on by the test, as the store stamps real time. */
    private final MutableClock clock = new MutableClock();

    private Broker startBroker() {
        StoreConfig store = TestStores.smallConfig(dir).clock(clock).build();
        // Checks run when the test says: the service's own pass comes only once an hour.
        return Broker.start(BrokerConfig.builder(store).clock(clock)
                .transactionCheckInterval(Duration.ofHours(1)).build());
    }

    private static DefaultMessageStore storeOf(Broker broker) {
        return (DefaultMessageStore) broker.store();
    }

    private static MessageToStore half(String body) {
        return MessageToStore.builder(TOPIC, 0).body(body.getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.TRANSACTION_PREPARED, "true")
                .property(MessageProperties.PRODUCER_GROUP, GROUP)
                .property("color", "red")
                .build();
    }

    /** Writes 4 KB messages to another topic until the log reaches {@code offset}. */
    private static void fillTo(MessageStore store, long offset) {
        while (store.maxCommitLogOffset() < offset) {
            assertTrue(store.put(MessageToStore.builder("filler", 0).body(new byte[4000]).build()).isOk());
        }
    }

    @Test
    void shouldCheckBackAndCommitAHalfPendingPastTheReservedTimeThroughRetentionAndARestart() throws Exception {
        SendResult sent;
        try (Broker broker = startBroker()) {
            fillTo(broker.store(), 2L * SMALL_SEGMENT);
            sent = broker.sender().send(half("pending for days")).join();
            assertTrue(sent.status().isWritten(), sent.toString());
            assertEquals(2, sent.commitLogOffset() / SMALL_SEGMENT, "the half lies in segment 2");
            fillTo(broker.store(), 4L * SMALL_SEGMENT);
            assertTrue(broker.store().awaitDispatched(Duration.ofSeconds(60)));

            clock.advance(PAST_RESERVED);
            assertEquals(2, storeOf(broker).cleanNow(), "the older segments go: they are past the reserved time");
            assertEquals(2L * SMALL_SEGMENT, storeOf(broker).minCommitLogOffset(),
                    "the half's segment is as old, and stays");
        }
        AtomicReference<Broker> running = new AtomicReference<>();
        try (Broker broker = startBroker()) {
            running.set(broker);
            assertEquals(0, storeOf(broker).cleanNow(), "still held after a restart");

            FakeProducer producer = new FakeProducer("p1", () -> running.get().transactions()).answering(COMMIT);
            broker.producers().heartbeat(GROUP, producer);
            assertTrue(broker.store().awaitDispatched(Duration.ofSeconds(60)));
            assertEquals(1, broker.transactions().checkNow().checked());
            producer.awaitAnswers();

            FakeProducer.Check check = producer.checks().get(0);
            assertEquals(sent.commitLogOffset(), check.half().commitLogOffset());
            assertEquals(sent.messageId(), check.transactionId());
            assertTrue(broker.store().awaitDispatched(Duration.ofSeconds(60)));
            List<StoredMessage> visible = broker.store().get(TOPIC, 0, 0, 10, MessageFilter.ALL).messages();
            assertEquals(1, visible.size());
            assertEquals("pending for days", TestStores.body(visible.get(0)));
            assertEquals("red", visible.get(0).property("color"));
            assertEquals(sent.messageId(), visible.get(0).uniqueId());
            assertTrue(broker.transactions().pending(10).isEmpty());

            assertEquals(2, storeOf(broker).cleanNow(), "committed: transactions no longer hold the half's segment");
            assertTrue(storeOf(broker).minCommitLogOffset() > sent.commitLogOffset());
        }
    }

    @Test
    void shouldReportAPendingHalfAFullDiskTookAndNotAskAboutIt() throws Exception {
        FullDisk disk = new FullDisk();
        StoreConfig config = TestStores.smallConfig(dir.resolve("store")).clock(clock).diskMaxUsedRatio(0.9).build();
        DefaultMessageStore store = DefaultMessageStore.open(config, FileBackend.LOCAL, disk);
        TopicRegistry topics = new TopicRegistry(dir.resolve("config"), 4, true);
        ProducerRegistry producers = new ProducerRegistry(clock, Duration.ofDays(365));
        SendService sender = new SendService(store, topics, clock, Duration.ofDays(3), (m, due) -> {
            throw new AssertionError("no timed messages here");
        }, HalfMessages::toHalf);
        TransactionService tx = new TransactionService(store, producers, topics, clock, Duration.ofSeconds(6),
                Duration.ofHours(1), 3);
        store.addRetentionGuard("transactions", tx::lowestNeededCommitLogOffset);
        tx.start();
        try (store; tx; CapturedLog checkerLog = new CapturedLog(HalfChecker.class)) {
            FakeProducer producer = new FakeProducer("p1", () -> tx).answering(COMMIT);
            producers.heartbeat(GROUP, producer);
            sender.send(half("lost")).join();
            fillTo(store, 2L * SMALL_SEGMENT);
            assertTrue(store.awaitDispatched(Duration.ofSeconds(60)));

            disk.used = 0.95;
            assertEquals(2, store.cleanNow(), "a full disk overrides the transactions' guard");
            disk.used = 0.5;

            clock.advance(Duration.ofSeconds(7));
            assertTrue(store.awaitDispatched(Duration.ofSeconds(60)));
            assertEquals(0, tx.checkNow().checked());
            assertEquals(List.of(), producer.checks(), "nothing left to ask about");
            assertTrue(tx.pending(10).isEmpty());
            List<String> reported = checkerLog.containing("unresolved half messages were deleted");
            assertEquals(1, reported.size(), checkerLog.messages().toString());
            assertTrue(reported.get(0).startsWith("1 unresolved"), reported.get(0));
            assertTrue(reported.get(0).contains("half queue offsets [0]"), reported.get(0));
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
