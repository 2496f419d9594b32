package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.retry.RetryService;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.TestStores;
import io.capsulemq.broker.store.message.MessageProperties;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pop service on a small store with synchronous flush, a hand-moved clock and its own threads, which tests can
 * restart cleanly or "crash" (threads stopped, nothing of the service closed or persisted).
 */
final class PopFixture implements AutoCloseable {
    static final Duration INVISIBLE = Duration.ofSeconds(30);

    final Path dir;
    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    DefaultMessageStore store;
    TopicRegistry topics;
    GroupRegistry groups;
    ConsumerOffsets offsets;
    PopService pop;
    /** While set, the store refuses the pop journal's writes as a full disk would. */
    volatile boolean journalRefused;
    private ScheduledExecutorService scheduler;
    private ExecutorService readers;

    PopFixture(Path dir) {
        this.dir = dir;
        open();
    }

    private void open() {
        store = DefaultMessageStore.open(TestStores.smallConfig(dir.resolve("store")).flushMode(FlushMode.SYNC)
                .build());
        Path config = dir.resolve("config");
        topics = new TopicRegistry(config, 4, true);
        groups = new GroupRegistry(config, true);
        offsets = new ConsumerOffsets(config);
        RetryService retries = new RetryService(store, topics, groups, (m, due) -> {
            throw new AssertionError("pops never need the timer");
        }, clock);
        scheduler = Executors.newScheduledThreadPool(1);
        readers = Executors.newFixedThreadPool(2);
        pop = new PopService(refusingJournal(store), topics, groups, offsets, retries, config, clock, scheduler,
                readers);
    }

    /** The store, except that it refuses writes to the pop journal while {@link #journalRefused} is set. */
    private MessageStore refusingJournal(MessageStore real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (journalRefused && method.getName().equals("putAsync")
                    && ((MessageToStore) args[0]).topic().equals(PopJournal.TOPIC)) {
                return CompletableFuture.completedFuture(PutResult.refused(PutStatus.DISK_FULL, "disk full (test)"));
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, handler);
    }

    /** Closes everything as a broker shutting down does, and opens it again. */
    void restart() {
        pop.close();
        stopThreads();
        offsets.persist();
        store.close();
        open();
    }

    /**
     * Stops as a crash would for the pop service: no final snapshot, offsets not written. (The store itself is
     * closed properly; what it keeps through a real crash is its own tests' business.)
     */
    void crash() {
        stopThreads();
        store.close();
        open();
    }

    private void stopThreads() {
        scheduler.shutdownNow();
        readers.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pop.close();
        stopThreads();
        store.close();
    }

    TopicConfig topic(String name, int queues, MessageType type) {
        return topics.createOrUpdate(TopicConfig.of(name, queues, type));
    }

    void retryMaxTimes(String group, int times) {
        groups.createOrUpdate(GroupConfig.defaults(group).withRetryMaxTimes(times));
    }

    /** Stores a message with body {@code body} (also its unique id) and waits until it is readable. */
    PutResult send(String topic, int queueId, String body, String tag) {
        MessageToStore.Builder b = MessageToStore.builder(topic, queueId).body(body.getBytes(StandardCharsets.UTF_8))
                .property(MessageProperties.UNIQUE_KEY, body);
        if (tag != null) {
            b.tags(tag);
        }
        PutResult put = store.put(b.build());
        assertTrue(put.isOk(), put.toString());
        TestStores.awaitDispatched(store);
        return put;
    }

    PutResult send(String topic, int queueId, String body) {
        return send(topic, queueId, body, null);
    }

    /** Stores {@code count} messages "m0", "m1", ... in one batch (one fsync) and waits until they are readable. */
    void sendMany(String topic, int queueId, int count) {
        List<MessageToStore> batch = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(MessageToStore.builder(topic, queueId).body(("m" + i).getBytes(StandardCharsets.UTF_8))
                    .property(MessageProperties.UNIQUE_KEY, "m" + i).build());
        }
        assertTrue(store.putBatch(batch).isOk());
        TestStores.awaitDispatched(store);
    }

    List<PoppedMessage> pop(String group, String topic, int max) {
        return pop.pop(group, topic, MessageFilter.ALL, max, INVISIBLE, Duration.ZERO, false).join();
    }

    List<PoppedMessage> popFifo(String group, String topic, int max) {
        return pop.pop(group, topic, MessageFilter.ALL, max, INVISIBLE, Duration.ZERO, true).join();
    }

    void later(Duration d) {
        clock.advance(d);
    }

    /** Moves the clock past the default invisible time. */
    void afterInvisibleTime() {
        clock.advance(INVISIBLE.plusSeconds(1));
    }

    long committed(String group, String topic, int queueId) {
        return offsets.committed(group, topic, queueId).orElse(-1);
    }

    List<StoredMessage> deadLetters(String group) {
        TestStores.awaitDispatched(store);
        GetResult got = store.get("%DLQ%" + group, 0, 0, 100, MessageFilter.ALL);
        return got.messages();
    }

    static String body(PoppedMessage m) {
        return new String(m.message().body(), StandardCharsets.UTF_8);
    }

    static List<String> bodies(List<PoppedMessage> messages) {
        return messages.stream().map(PopFixture::body).toList();
    }

    static Set<String> bodySet(List<PoppedMessage> messages) {
        return messages.stream().map(PopFixture::body).collect(Collectors.toSet());
    }

    static String text(StoredMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    /** Asserts the call is refused as NOT_FOUND with a message mentioning {@code words}. */
    static BrokerException assertNotFound(Runnable call, String words) {
        BrokerException e = assertThrows(BrokerException.class, call::run);
        assertEquals(BrokerException.Reason.NOT_FOUND, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(words), "expected '" + words + "' in: " + e.getMessage());
        return e;
    }

    /** A filter on tags, like a compiled "A || B" expression. */
    static MessageFilter tags(String... tags) {
        Set<String> wanted = Set.copyOf(Arrays.asList(tags));
        Set<Long> codes = wanted.stream().map(MessageProperties::tagsCode).collect(Collectors.toSet());
        return new MessageFilter() {
            @Override
            public boolean matchesTagsCode(long tagsCode) {
                return codes.contains(tagsCode);
            }

            @Override
            public boolean matches(StoredMessage message) {
                return wanted.contains(message.tags());
            }
        };
    }
}
