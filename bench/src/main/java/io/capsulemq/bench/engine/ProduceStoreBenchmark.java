package io.capsulemq.bench.engine;

import io.capsulemq.bench.BenchFiles;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The store side of the produce comparison: every thread puts its messages straight into a
 * {@link DefaultMessageStore} with the engine's store settings (asynchronous flush). Each iteration opens a store in
 * a fresh folder and closes and deletes it afterwards, outside the measured time. Scores are messages per second
 * over all threads (the batch method counts each of its {@value EngineSetup#BATCH} messages).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class ProduceStoreBenchmark {

    @State(Scope.Benchmark)
    public static class StoreSide {
        DefaultMessageStore store;
        private Path dir;

        @Setup(Level.Trial)
        public void quiet() {
            EngineSetup.quiet();
        }

        @Setup(Level.Iteration)
        public void open() {
            dir = BenchFiles.freshDir(BenchFiles.baseDir(), "engine-store-");
            store = EngineSetup.openStore(dir);
        }

        @TearDown(Level.Iteration)
        public void close() {
            try {
                store.close();
            } finally {
                store = null;
                BenchFiles.deleteRecursively(dir);
            }
        }
    }

    /** One message with its unique id, as the engine stores it. */
    @Benchmark
    public PutStatus put(StoreSide side, Producer producer) {
        return check(side.store.put(producer.next(true)), 1);
    }

    /** {@value EngineSetup#BATCH} messages with their unique ids, to one queue, as one batch. */
    @Benchmark
    @OperationsPerInvocation(EngineSetup.BATCH)
    public PutStatus putBatch(StoreSide side, Producer producer) {
        return check(side.store.putBatch(producer.nextBatch(true)), EngineSetup.BATCH);
    }

    private static PutStatus check(PutResult result, int messages) {
        if (result.status() != PutStatus.PUT_OK || result.messageCount() != messages) {
            // Fails the run: a refused put is not a measurement.
            throw new IllegalStateException("put answered " + result.status() + " for " + result.messageCount()
                    + " of " + messages + " messages: " + result.reason());
        }
        return result.status();
    }
}
