package io.capsulemq.bench.engine;

import io.capsulemq.broker.store.MessageToStore;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One producer thread of either side: it sends to queue (thread index mod {@link EngineSetup#QUEUES}) and builds
 * a new message for every send, as a request decoded off the wire would be, so neither side gets to reuse work
 * cached in a message it has seen before (the encoded properties). The body bytes are shared (random, made once);
 * unique ids come from a pool made up front, so making them is charged to neither side.
 */
@State(Scope.Thread)
public class Producer {
    private static final int POOL = 4096;

    int queueId;
    private byte[] body;
    private String[] ids;
    private int next;

    @Setup(Level.Trial)
    public void prepare(ThreadParams thread) {
        queueId = thread.getThreadIndex() % EngineSetup.QUEUES;
        body = new byte[EngineSetup.BODY_SIZE];
        ThreadLocalRandom.current().nextBytes(body);
        ids = EngineSetup.uniqueIds(POOL);
    }

    /** A new message, carrying a unique id if {@code withId}, else none (the engine will stamp one). */
    MessageToStore next(boolean withId) {
        return EngineSetup.message(queueId, body, withId ? ids[next++ & (POOL - 1)] : null);
    }

    /** {@link EngineSetup#BATCH} new messages for this thread's queue. */
    List<MessageToStore> nextBatch(boolean withIds) {
        List<MessageToStore> batch = new ArrayList<>(EngineSetup.BATCH);
        for (int i = 0; i < EngineSetup.BATCH; i++) {
            batch.add(next(withIds));
        }
        return batch;
    }
}
