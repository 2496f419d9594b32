package io.capsulemq.broker.store;

import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.capsulemq.broker.store.TestStores.*;
import static org.junit.jupiter.api.Assertions.*;

class DefaultMessageStoreTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatWasPutInQueueOrder() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            for (int i = 0; i < 10; i++) {
                PutResult r = store.put(message("T", 1, "m" + i));
                assertEquals(PutStatus.PUT_OK, r.status());
                assertEquals(i, r.queueOffset());
            }
            awaitDispatched(store);
            GetResult got = store.get("T", 1, 3, 4, MessageFilter.ALL);
            assertEquals(GetStatus.FOUND, got.status());
            assertEquals(List.of("m3", "m4", "m5", "m6"), got.messages().stream().map(TestStores::body).toList());
            assertEquals(7, got.nextOffset());
            assertEquals(0, store.minOffset("T", 1));
            assertEquals(10, store.maxOffset("T", 1));
        }
    }

    @Test
    void shouldTellListenersOfEachVisibleArrivalButNotOfPreparedHalves() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            store.addArrivalListener((topic, queueId, queueOffset, tagsCode) -> {
                heard.add(topic + "/" + queueId + "@" + queueOffset);
                throw new IllegalStateException("a failing listener must not stop dispatch");
            });
            store.put(message("T", 1, "a"));
            store.put(MessageToStore.builder("T", 1).body(new byte[1])
                    .sysFlag(io.capsulemq.broker.store.message.MessageSysFlag.TRANSACTION_PREPARED_TYPE).build());
            store.put(message("U", 0, "b"));
            awaitDispatched(store);
            assertEquals(List.of("T/1@0", "U/0@0"), heard);
        }
    }

    // Found by the fuzzer: a send whose system flag said "prepared" or "rolled back" took a queue offset the
    // dispatcher never filled, and dispatch stopped at that gap for every topic.
    @Test
    void shouldGiveNoQueueOffsetToPreparedOrRolledBackRecordsSoDispatchGoesOn() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            store.put(message("T", 0, "a"));
            for (int type : new int[] {io.capsulemq.broker.store.message.MessageSysFlag.TRANSACTION_PREPARED_TYPE,
                    io.capsulemq.broker.store.message.MessageSysFlag.TRANSACTION_ROLLBACK_TYPE}) {
                assertEquals(PutStatus.PUT_OK, store.put(MessageToStore.builder("T", 0).body(new byte[1])
                        .sysFlag(type).build()).status());
            }
            assertEquals(1, store.put(message("T", 0, "b")).queueOffset());
            store.put(message("U", 0, "c"));
            awaitDispatched(store);

            assertEquals(List.of("a", "b"), store.get("T", 0, 0, 10, MessageFilter.ALL).messages().stream()
                    .map(TestStores::body).toList());
            assertEquals(List.of("c"), store.get("U", 0, 0, 10, MessageFilter.ALL).messages().stream()
                    .map(TestStores::body).toList());
        }
    }

    @Test
    void shouldKeepQueuesApartAndCountOffsetsPerQueue() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            store.put(message("A", 0, "a0"));
            store.put(message("B", 0, "b0"));
            store.put(message("A", 1, "a1-0"));
            assertEquals(1, store.put(message("A", 0, "a0-1")).queueOffset());
            awaitDispatched(store);
            assertEquals(2, store.maxOffset("A", 0));
            assertEquals(1, store.maxOffset("A", 1));
            assertEquals(1, store.maxOffset("B", 0));
            assertEquals(List.of("b0"), store.get("B", 0, 0, 10, MessageFilter.ALL).messages().stream()
                    .map(TestStores::body).toList());
        }
    }

    @Test
    void shouldAnswerQueueBoundariesWithRocketMqStatuses() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(GetStatus.NO_MATCHED_LOGIC_QUEUE, store.get("none", 0, 0, 1, MessageFilter.ALL).status());
            store.put(message("T", 0, "x"));
            awaitDispatched(store);
            assertEquals(GetStatus.OFFSET_OVERFLOW_ONE, store.get("T", 0, 1, 1, MessageFilter.ALL).status());
            GetResult badly = store.get("T", 0, 5, 1, MessageFilter.ALL);
            assertEquals(GetStatus.OFFSET_OVERFLOW_BADLY, badly.status());
            assertEquals(1, badly.nextOffset());
        }
    }

    @Test
    void shouldWriteBatchContiguouslyOrNotAtAll() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            store.put(message("T", 0, "first"));
            PutResult batch = store.putBatch(List.of(message("T", 0, "b1"), message("T", 0, "b2"),
                    message("T", 0, "b3")));
            assertEquals(PutStatus.PUT_OK, batch.status());
            assertEquals(1, batch.queueOffset());
            assertEquals(3, batch.messageCount());
            assertEquals(3, batch.offsetMessageIds().size());
            PutResult mixed = store.putBatch(List.of(message("T", 0, "x"), message("T", 1, "y")));
            assertEquals(PutStatus.MESSAGE_ILLEGAL, mixed.status());
            assertTrue(mixed.reason().contains("one queue"), mixed.reason());
            PutResult oneTooBig = store.putBatch(List.of(message("T", 0, "ok"),
                    MessageToStore.builder("T", 0).body(new byte[SMALL_MAX_MESSAGE + 1]).build()));
            assertEquals(PutStatus.MESSAGE_ILLEGAL, oneTooBig.status());
            awaitDispatched(store);
            assertEquals(4, store.maxOffset("T", 0));
            assertEquals("b2", body(store.lookUpByOffsetId(batch.offsetMessageIds().get(1)).orElseThrow()));
        }
    }

    @Test
    void shouldRefuseABadTopicNameAndKeepDispatching() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            PutResult r = store.put(message("../etc", 0, "x"));
            assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status());
            assertTrue(r.reason().contains("may only contain"), r.reason());
            store.put(message("T", 0, "fine"));
            awaitDispatched(store);
            assertEquals(1, store.maxOffset("T", 0));
        }
    }

    @Test
    void shouldRefuseOversizeMessageAndKeepEverythingElse() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            store.put(message("T", 0, "before"));
            PutResult r = store.put(MessageToStore.builder("T", 0).body(new byte[SMALL_MAX_MESSAGE + 1]).build());
            assertEquals(PutStatus.MESSAGE_ILLEGAL, r.status());
            assertTrue(r.reason().contains("exceeds maxMessageSize"), r.reason());
            store.put(message("T", 0, "after"));
            awaitDispatched(store);
            assertEquals(List.of("before", "after"), store.get("T", 0, 0, 10, MessageFilter.ALL).messages()
                    .stream().map(TestStores::body).toList());
        }
    }

    @Test
    void shouldFilterByTagWithExactCheck() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            // "Aa" and "BB" have the same String hash code: the exact check must tell them apart.
            assertEquals("Aa".hashCode(), "BB".hashCode());
            for (String tag : List.of("Aa", "BB", "C", "Aa")) {
                store.put(MessageToStore.builder("T", 0).tags(tag).body(tag.getBytes()).build());
            }
            awaitDispatched(store);
            MessageFilter onlyAa = new MessageFilter() {
                @Override
                public boolean matchesTagsCode(long tagsCode) {
                    return tagsCode == "Aa".hashCode();
                }

                @Override
                public boolean matches(StoredMessage message) {
                    return "Aa".equals(message.tags());
                }
            };
            GetResult r = store.get("T", 0, 0, 10, onlyAa);
            assertEquals(List.of(0L, 3L), r.messages().stream().map(StoredMessage::queueOffset).toList());
            assertEquals(4, r.nextOffset());
            GetResult none = store.get("T", 0, 2, 1, new MessageFilter() {
                @Override
                public boolean matchesTagsCode(long tagsCode) {
                    return false;
                }

                @Override
                public boolean matches(StoredMessage message) {
                    return false;
                }
            });
            assertEquals(GetStatus.NO_MATCHED_MESSAGE, none.status());
            assertEquals(4, none.nextOffset());
        }
    }

    @Test
    void shouldContinueQueueOffsetsAfterCleanRestart() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            for (int i = 0; i < 100; i++) {
                store.put(message("T", 2, "m" + i));
            }
        }
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertTrue(store.recoveryReport().previousShutdownClean());
            assertEquals(0, store.recoveryReport().replayedBytes());
            assertEquals(100, store.maxOffset("T", 2));
            assertEquals(100, store.put(message("T", 2, "m100")).queueOffset());
            awaitDispatched(store);
            assertEquals("m99", body(store.get("T", 2, 99, 1, MessageFilter.ALL).messages().get(0)));
        }
    }

    @Test
    void shouldCrossSegmentBoundariesWithBlankFillers() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            int count = 200;
            for (int i = 0; i < count; i++) {
                assertTrue(store.put(MessageToStore.builder("T", 0).body(patternBody(i, 3000 + i)).build()).isOk());
            }
            assertTrue(store.maxCommitLogOffset() > 2L * SMALL_SEGMENT, "test should span several segments");
            awaitDispatched(store);
            for (int i = 0; i < count; i++) {
                StoredMessage m = store.get("T", 0, i, 1, MessageFilter.ALL).messages().get(0);
                assertArrayEquals(patternBody(i, 3000 + i), m.body(), "message " + i);
            }
        }
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            assertEquals(200, store.maxOffset("T", 0));
        }
    }

    @Test
    void shouldShareFsyncsAmongConcurrentSyncPuts() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (DefaultMessageStore store = open(smallConfig(dir).flushMode(FlushMode.SYNC))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int queue = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assertEquals(PutStatus.PUT_OK, store.put(message("T", queue, "m" + i)).status());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long appends = store.appendCount();
            long fsyncs = store.syncFlushCount();
            assertEquals((long) threads * perThread, appends);
            assertTrue(fsyncs > 0 && fsyncs < appends, "expected group commit: " + fsyncs + " fsyncs for "
                    + appends + " appends");
        }
    }

    @Test
    void shouldCompleteSyncPutOnlyAfterItsFsync() {
        try (DefaultMessageStore store = open(smallConfig(dir).flushMode(FlushMode.SYNC))) {
            CompletableFuture<PutResult> f = store.putAsync(message("T", 0, "durable"));
            PutResult r = f.join();
            assertEquals(PutStatus.PUT_OK, r.status());
            long syncs = store.syncFlushCount();
            assertTrue(syncs >= 1, "no fsync happened before the put completed");
        }
    }

    @Test
    void shouldFindMessagesByKeyUniqueIdAndOffsetId() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            PutResult a = store.put(MessageToStore.builder("T", 0).keys("order-1", "cust-9").body("a".getBytes())
                    .property(MessageProperties.UNIQUE_KEY, "U1").build());
            store.put(MessageToStore.builder("T", 1).keys("order-2").body("b".getBytes()).build());
            store.put(MessageToStore.builder("Other", 0).keys("order-1").body("c".getBytes()).build());
            store.put(MessageToStore.builder("T", 0).keys("order-1").body("d".getBytes()).build());
            awaitDispatched(store);
            assertEquals(List.of("d", "a"), store.lookUpByKey("T", "order-1", 10, 0, Long.MAX_VALUE).stream()
                    .map(TestStores::body).toList());
            assertEquals(List.of("d"), store.lookUpByKey("T", "order-1", 1, 0, Long.MAX_VALUE).stream()
                    .map(TestStores::body).toList());
            assertEquals(List.of("a"), store.lookUpByKey("T", "cust-9", 10, 0, Long.MAX_VALUE).stream()
                    .map(TestStores::body).toList());
            assertEquals(List.of("a"), store.lookUpByUniqueId("T", "U1", 0, Long.MAX_VALUE).stream()
                    .map(TestStores::body).toList());
            assertTrue(store.lookUpByKey("T", "order-1", 10, 0, a.storeTimestamp() - 1).isEmpty());
            Optional<StoredMessage> byId = store.lookUpByOffsetId(a.offsetMessageIds().get(0));
            assertEquals("a", body(byId.orElseThrow()));
            assertEquals(a.offsetMessageIds().get(0), byId.get().offsetMessageId());
            assertThrows(IllegalArgumentException.class, () -> store.lookUpByOffsetId("nonsense"));
            assertTrue(store.lookAt(a.commitLogOffset() + 1).isEmpty());
        }
    }

    @Test
    void shouldFindOffsetByStoreTimestamp() throws Exception {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            for (int i = 0; i < 5; i++) {
                store.put(message("T", 0, "early" + i));
            }
            Thread.sleep(20);
            long boundary = System.currentTimeMillis();
            Thread.sleep(5);
            for (int i = 0; i < 5; i++) {
                store.put(message("T", 0, "late" + i));
            }
            awaitDispatched(store);
            assertEquals(5, store.offsetByTimestamp("T", 0, boundary));
            assertEquals(0, store.offsetByTimestamp("T", 0, 0));
            assertEquals(10, store.offsetByTimestamp("T", 0, Long.MAX_VALUE));
        }
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameFolder() {
        try (DefaultMessageStore store = open(smallConfig(dir))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> open(smallConfig(dir)));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(store.put(message("T", 0, "still fine")).isOk());
        }
    }

    @Test
    void shouldRefusePutsAfterClose() {
        DefaultMessageStore store = open(smallConfig(dir));
        store.close();
        assertEquals(PutStatus.SERVICE_NOT_AVAILABLE, store.put(message("T", 0, "late")).status());
    }
}
