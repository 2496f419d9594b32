package io.capsulemq.bench.engine;

import io.capsulemq.bench.BenchFiles;
import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.engine.pull.PullService;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.GetStatus;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoredMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumption, store against engine, as a fixed-volume timed loop rather than JMH.
 *
 * <p>Why not JMH: reading consumes what it reads. A time-boxed JMH iteration does not know how many messages it
 * will need, so it would either run off the end of the queues (and then time empty answers) or wrap around to the
 * start (and then time a mix that depends on where the wrap falls). Here the volume is fixed instead: one broker is
 * started, the topic's {@value EngineSetup#QUEUES} queues are filled through the engine once, and a round is
 * "drain every queue from offset 0 to its end", timed from the moment all consumer threads are released until the
 * last one is done. Every measured pull returns a full {@value EngineSetup#PULL_SIZE} messages (bar the last of a
 * queue), and every message is read exactly once per round.
 *
 * <p>The two sides read the same data from the same store: the store side calls {@code store.get(topic, queue,
 * offset, 32, ALL)}; the engine side calls {@code puller().pull(topic, queue, offset, 32, ALL, 15 s)} (the data is
 * there, so no pull is ever held) and commits the next offset for its group after every pull. Rounds alternate
 * between the sides, and the side that goes first alternates too, so what drifts over time (the machine's other
 * load, the JIT, the page cache) falls on both; warm-up rounds are run the same way and not counted. A full GC
 * runs before every round so that neither side pays for the other's garbage. The data was just written and is
 * read back from the page cache: this measures what the read paths cost in CPU, which is all the engine adds.
 */
public final class ConsumeRun implements AutoCloseable {
    /** What a consumer asks to be held for when nothing is there (RocketMQ's default is 15 s); never used here. */
    static final Duration SUSPEND = Duration.ofSeconds(15);

    private final Path dir;
    private final Broker broker;
    private final MessageStore store;
    private final PullService puller;
    private final ConsumerOffsets offsets;
    private final long perQueue;

    /** The result of one consumer count: summed over the measured rounds. */
    public record Result(int consumers, long messagesPerRound, int rounds, double storeMsgs, double engineMsgs,
                         double minRoundRatio, double maxRoundRatio) {
        public double ratio() {
            return engineMsgs / storeMsgs;
        }
    }

    private enum Side { STORE, ENGINE }

    private ConsumeRun(Path dir, Broker broker, long perQueue) {
        this.dir = dir;
        this.broker = broker;
        this.store = broker.store();
        this.puller = broker.puller();
        this.offsets = broker.offsets();
        this.perQueue = perQueue;
    }

    /**
     * Starts a broker in a fresh folder under {@code base} and fills each queue with {@code perQueue} messages
     * (rounded up to whole batches of {@value EngineSetup#BATCH}), sent through the engine.
     */
    public static ConsumeRun prepare(Path base, int perQueue) {
        EngineSetup.quiet();
        Path dir = BenchFiles.freshDir(base, "engine-consume-");
        Broker broker;
        try {
            broker = EngineSetup.startBroker(dir);
        } catch (RuntimeException e) {
            BenchFiles.deleteRecursively(dir);
            throw e;
        }
        long batches = (perQueue + EngineSetup.BATCH - 1) / EngineSetup.BATCH;
        ConsumeRun run = new ConsumeRun(dir, broker, batches * EngineSetup.BATCH);
        try {
            run.fill(batches);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    public long perQueue() {
        return perQueue;
    }

    private void fill(long batches) {
        byte[] body = new byte[EngineSetup.BODY_SIZE];
        ThreadLocalRandom.current().nextBytes(body);
        for (long b = 0; b < batches; b++) {
            for (int q = 0; q < EngineSetup.QUEUES; q++) {
                List<MessageToStore> batch = new ArrayList<>(EngineSetup.BATCH);
                for (int i = 0; i < EngineSetup.BATCH; i++) {
                    batch.add(EngineSetup.message(q, body, null));
                }
                SendResult r = broker.sender().sendBatch(batch).join();
                if (r.status() != PutStatus.PUT_OK) {
                    throw new IllegalStateException("filling the topic: send answered " + r.status());
                }
            }
        }
        if (!store.awaitDispatched(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the consume queues did not catch up within 5 minutes");
        }
        for (int q = 0; q < EngineSetup.QUEUES; q++) {
            long max = store.maxOffset(EngineSetup.TOPIC, q);
            if (max != perQueue) {
                throw new IllegalStateException("queue " + q + " holds " + max + " messages, expected " + perQueue);
            }
        }
    }

    /** {@code warmups} then {@code rounds} rounds of each side with {@code consumers} threads. */
    public Result measure(int consumers, int warmups, int rounds) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(consumers, r -> {
            Thread t = new Thread(r, "consumer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            long total = perQueue * EngineSetup.QUEUES;
            long storeNanos = 0;
            long engineNanos = 0;
            double minRatio = Double.POSITIVE_INFINITY;
            double maxRatio = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < warmups + rounds; r++) {
                boolean storeFirst = r % 2 == 0;
                long first = round(pool, consumers, storeFirst ? Side.STORE : Side.ENGINE);
                long second = round(pool, consumers, storeFirst ? Side.ENGINE : Side.STORE);
                long s = storeFirst ? first : second;
                long e = storeFirst ? second : first;
                boolean measured = r >= warmups;
                System.out.printf("  consumers %d, %s round %d: store %.0f msg/s, engine %.0f msg/s "
                                + "(engine/store %.3f)%n", consumers, measured ? "measured" : "warm-up",
                        measured ? r - warmups + 1 : r + 1, total * 1e9 / s, total * 1e9 / e, (double) s / e);
                if (measured) {
                    storeNanos += s;
                    engineNanos += e;
                    minRatio = Math.min(minRatio, (double) s / e);
                    maxRatio = Math.max(maxRatio, (double) s / e);
                }
            }
            return new Result(consumers, total, rounds, total * rounds * 1e9 / storeNanos,
                    total * rounds * 1e9 / engineNanos, minRatio, maxRatio);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One round: every queue drained once by one side; returns the wall-clock nanoseconds it took. */
    private long round(ExecutorService pool, int consumers, Side side) throws InterruptedException {
        System.gc();
        CountDownLatch ready = new CountDownLatch(consumers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> running = new ArrayList<>(consumers);
        for (int c = 0; c < consumers; c++) {
            int consumer = c;
            running.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long read = 0;
                for (int q = consumer; q < EngineSetup.QUEUES; q += consumers) {
                    read += side == Side.STORE ? drainStore(q) : drainEngine(q);
                }
                return read;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long read = 0;
        try {
            for (Future<Long> f : running) {
                read += f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(side + " consumer failed: " + e.getCause(), e.getCause());
        }
        long nanos = System.nanoTime() - start;
        long expected = perQueue * EngineSetup.QUEUES;
        if (read != expected) {
            throw new IllegalStateException(side + " round read " + read + " messages, expected " + expected);
        }
        return nanos;
    }

    private long drainStore(int queueId) {
        long offset = 0;
        long read = 0;
        while (offset < perQueue) {
            GetResult r = store.get(EngineSetup.TOPIC, queueId, offset, EngineSetup.PULL_SIZE, MessageFilter.ALL);
            read += check(r, queueId, offset);
            offset = r.nextOffset();
        }
        return read;
    }

    private long drainEngine(int queueId) {
        long offset = 0;
        long read = 0;
        while (offset < perQueue) {
            GetResult r = puller.pull(EngineSetup.TOPIC, queueId, offset, EngineSetup.PULL_SIZE, MessageFilter.ALL,
                    SUSPEND).join();
            read += check(r, queueId, offset);
            offset = r.nextOffset();
            offsets.commit(EngineSetup.GROUP, EngineSetup.TOPIC, queueId, offset);
        }
        return read;
    }

    /** The same checks on both sides: found, in order, whole bodies; returns how many messages came back. */
    private static int check(GetResult r, int queueId, long offset) {
        List<StoredMessage> messages = r.messages();
        if (r.status() != GetStatus.FOUND || messages.isEmpty()) {
            throw new IllegalStateException("read of queue " + queueId + " at " + offset + " answered " + r.status());
        }
        StoredMessage first = messages.get(0);
        StoredMessage last = messages.get(messages.size() - 1);
        if (first.queueOffset() != offset || last.queueOffset() != offset + messages.size() - 1
                || r.nextOffset() != offset + messages.size()
                || first.body().length != EngineSetup.BODY_SIZE || last.body().length != EngineSetup.BODY_SIZE) {
            throw new IllegalStateException("read of queue " + queueId + " at " + offset + " returned offsets "
                    + first.queueOffset() + ".." + last.queueOffset() + ", next " + r.nextOffset());
        }
        return messages.size();
    }

    /** Closes the broker and deletes its folder. */
    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            BenchFiles.deleteRecursively(dir);
        }
    }
}
