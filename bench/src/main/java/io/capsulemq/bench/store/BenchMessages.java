package io.capsulemq.bench.store;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.commitlog.RecordCodec;

import java.util.concurrent.ThreadLocalRandom;

/** The messages both benchmarks write, so the store and the raw disk move the same bytes per message. */
public final class BenchMessages {
    public static final String TOPIC = "bench";
    /** Queues the writers spread over: writer thread i appends to queue i mod QUEUES. */
    public static final int QUEUES = 8;
    /** The commit log segment size, and the size at which the raw benchmark rolls to a new file. */
    public static final int SEGMENT_SIZE = 1 << 30;

    private BenchMessages() {
    }

    /** A message of {@code bodySize} random bytes (random so that nothing along the way can compress it). */
    public static MessageToStore message(int queueId, int bodySize) {
        byte[] body = new byte[bodySize];
        ThreadLocalRandom.current().nextBytes(body);
        return MessageToStore.builder(TOPIC, queueId).body(body).build();
    }

    /**
     * The bytes the store writes to its commit log for one such message: the body plus the record's header, topic
     * and (empty) properties. The raw benchmark writes exactly this many bytes per message.
     */
    public static int recordSize(int bodySize) {
        return RecordCodec.encodedLength(message(0, bodySize));
    }
}
