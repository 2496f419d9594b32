package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.send.SendService;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.TestStores;
import io.capsulemq.broker.store.message.MessageProperties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A store, a send service and a transaction service over one folder, with a clock the test moves. The check
 * interval is an hour, so the service's own thread stays out of the way and passes run when the test says.
 */
final class TransactionBed implements AutoCloseable {
    static final String GROUP = "order-producers";
    static final String TOPIC = "Orders";
    static final Duration TIMEOUT = Duration.ofSeconds(6);
    static final Duration INTERVAL = Duration.ofHours(1);

    final MutableClock clock = new MutableClock();
    private final Path dir;
    private final int checkMax;
    private final Duration timeout;
    private final Duration interval;
    DefaultMessageStore store;
    /** The store as the transaction service sees it: puts to it can be refused. */
    FailingStore txStore;
    ProducerRegistry producers;
    TransactionService tx;
    private SendService sender;

    TransactionBed(Path dir, int checkMax) {
        this(dir, checkMax, TIMEOUT, INTERVAL);
    }

    TransactionBed(Path dir, int checkMax, Duration timeout, Duration interval) {
        this.dir = dir;
        this.checkMax = checkMax;
        this.timeout = timeout;
        this.interval = interval;
        open();
    }

    private void open() {
        store = TestStores.open(TestStores.smallConfig(dir.resolve("store")));
        TopicRegistry topics = new TopicRegistry(dir.resolve("config"), 4, true);
        producers = new ProducerRegistry(clock, Duration.ofDays(365));
        sender = new SendService(store, topics, clock, Duration.ofDays(3), (m, due) -> {
            throw new AssertionError("no timed messages here");
        }, HalfMessages::toHalf);
        txStore = new FailingStore(store);
        tx = new TransactionService(txStore, producers, topics, clock, timeout, interval, checkMax);
        tx.start();
    }

    /** Closes everything cleanly and opens it again, as a broker restart does. Producers must reconnect. */
    void restart() {
        close();
        open();
    }

    SendResult sendHalf(String body) {
        return sendHalf(body, Map.of());
    }

    SendResult sendHalf(String body, Map<String, String> properties) {
        MessageToStore message = MessageToStore.builder(TOPIC, 0)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.TRANSACTION_PREPARED, "true")
                .property(MessageProperties.PRODUCER_GROUP, GROUP)
                .properties(properties)
                .build();
        return sender.send(message).join();
    }

    FakeProducer connectProducer(String clientId) {
        FakeProducer producer = new FakeProducer(clientId, () -> tx);
        producers.heartbeat(GROUP, producer);
        return producer;
    }

    void end(SendResult half, TransactionResolution resolution) {
        tx.end(GROUP, half.commitLogOffset(), resolution, false).join();
    }

    /** Runs one check pass once the store shows everything written so far. */
    HalfChecker.Pass checkPass() throws InterruptedException {
        TestStores.awaitDispatched(store);
        return tx.checkNow();
    }

    List<PendingHalf> pending() {
        TestStores.awaitDispatched(store);
        return tx.pending(10_000);
    }

    List<DiscardedHalf> discarded() {
        TestStores.awaitDispatched(store);
        return tx.discarded(10_000);
    }

    /** What consumers of the topic can read, in order. */
    List<StoredMessage> visible() {
        TestStores.awaitDispatched(store);
        return store.get(TOPIC, 0, 0, 10_000, MessageFilter.ALL).messages();
    }

    List<String> visibleBodies() {
        return visible().stream().map(TestStores::body).toList();
    }

    @Override
    public void close() {
        tx.close();
        store.close();
    }
}
