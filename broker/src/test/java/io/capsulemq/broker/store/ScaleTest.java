package io.capsulemq.broker.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.capsulemq.broker.store.TestStores.awaitDispatched;
import static org.junit.jupiter.api.Assertions.*;

class ScaleTest {
    @TempDir
    Path dir;

    private static byte[] seqBody(long seq) {
        return ByteBuffer.allocate(16).putLong(seq).putLong(~seq).array();
    }

    private static long seqOf(StoredMessage m) {
        ByteBuffer b = ByteBuffer.wrap(m.body());
        long seq = b.getLong();
        assertEquals(~seq, b.getLong());
        return seq;
    }

    @Test
    void shouldHoldAMillionMessagesInOneQueue() {
        int total = 1_000_000;
        int batch = 500;
        StoreConfig config = StoreConfig.builder(dir).commitLogSegmentSize(64 << 20).maxMessageSize(1 << 20)
                .consumeQueueEntriesPerSegment(300_000).indexHashSlots(1024).indexEntriesPerFile(4096).build();
        try (DefaultMessageStore store = DefaultMessageStore.open(config)) {
            for (int i = 0; i < total; i += batch) {
                List<MessageToStore> messages = new ArrayList<>(batch);
                for (int j = i; j < i + batch; j++) {
                    messages.add(MessageToStore.builder("big", 0).body(seqBody(j)).build());
                }
                assertTrue(store.putBatch(messages).isOk());
            }
            awaitDispatched(store);
            assertEquals(total, store.maxOffset("big", 0));
        }
        try (DefaultMessageStore store = DefaultMessageStore.open(config)) {
            assertEquals(total, store.maxOffset("big", 0));
            long expected = 0;
            for (long offset = 0; offset < total; ) {
                GetResult r = store.get("big", 0, offset, 1000, MessageFilter.ALL);
                for (StoredMessage m : r.messages()) {
                    assertEquals(expected, m.queueOffset());
                    assertEquals(expected, seqOf(m));
                    expected++;
                }
                offset = r.nextOffset();
            }
            assertEquals(total, expected);
        }
    }

    @Test
    void shouldServeTenThousandQueues() {
        int topics = 100;
        int queuesPerTopic = 100;
        int perQueue = 3;
        StoreConfig config = StoreConfig.builder(dir).commitLogSegmentSize(32 << 20).maxMessageSize(1 << 20)
                .consumeQueueEntriesPerSegment(64).indexHashSlots(1024).indexEntriesPerFile(4096).build();
        try (DefaultMessageStore store = DefaultMessageStore.open(config)) {
            for (int round = 0; round < perQueue; round++) {
                for (int t = 0; t < topics; t++) {
                    for (int q = 0; q < queuesPerTopic; q++) {
                        long seq = ((long) t * queuesPerTopic + q) * perQueue + round;
                        assertEquals(round, store.put(MessageToStore.builder("topic" + t, q).body(seqBody(seq))
                                .build()).queueOffset());
                    }
                }
            }
            awaitDispatched(store);
        }
        try (DefaultMessageStore store = DefaultMessageStore.open(config)) {
            for (int t = 0; t < topics; t++) {
                for (int q = 0; q < queuesPerTopic; q++) {
                    GetResult r = store.get("topic" + t, q, 0, 10, MessageFilter.ALL);
                    assertEquals(perQueue, r.messages().size(), "topic" + t + "/" + q);
                    for (int round = 0; round < perQueue; round++) {
                        long seq = ((long) t * queuesPerTopic + q) * perQueue + round;
                        assertEquals(seq, seqOf(r.messages().get(round)));
                    }
                }
            }
        }
    }
}
