package io.capsulemq.bench.store;

import io.capsulemq.bench.BenchFiles;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoreConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Append throughput of {@link DefaultMessageStore}: every benchmark thread is one writer calling
 * {@code store.put(message)} (which, with synchronous flush, returns only after the group-commit fsync covering
 * the message). The score is messages per second over all threads.
 *
 * <p>Each iteration opens a store in a fresh folder and closes and deletes it afterwards (outside the measured
 * time), so a run never holds more than one iteration's data on disk and every iteration allocates new 1 GiB
 * segments, as a store filling up does. Only measurement iterations count towards the appends and fsyncs handed
 * to the runner (see {@link StoreStats}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class StoreAppendBenchmark {

    @State(Scope.Benchmark)
    public static class StoreState {
        /** Keeps the store's INFO lines (one per open and close) out of the benchmark output. */
        private static final Logger QUIET = Logger.getLogger("io.capsulemq");

        @Param({"1024", "4096"})
        public int bodySize;

        @Param({"ASYNC", "SYNC"})
        public FlushMode flush;

        DefaultMessageStore store;
        private Path dir;
        private boolean measuring;
        private StoreStats measured = new StoreStats(0, 0);

        @Setup(Level.Trial)
        public void quiet() {
            QUIET.setLevel(java.util.logging.Level.WARNING);
        }

        @Setup(Level.Iteration)
        public void open(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
            dir = BenchFiles.freshDir(BenchFiles.baseDir(), "store-");
            StoreConfig config = StoreConfig.builder(dir)
                    .commitLogSegmentSize(BenchMessages.SEGMENT_SIZE)
                    .flushMode(flush)
                    // No retention work during a run: nothing expires, and space is checked by the runner.
                    .fileReservedTime(Duration.ofDays(365))
                    .diskMaxUsedRatio(1.0)
                    .build();
            store = DefaultMessageStore.open(config);
        }

        @TearDown(Level.Iteration)
        public void close() {
            long appends = store.appendCount();
            long fsyncs = store.syncFlushCount();
            try {
                store.close();
            } finally {
                store = null;
                BenchFiles.deleteRecursively(dir);
            }
            if (measuring) {
                measured = measured.plus(appends, fsyncs);
            }
        }

        @TearDown(Level.Trial)
        public void publish() {
            measured.publish();
            System.out.printf("%n[store] measured appends %d, flusher fsyncs %d, mean batch %.2f%n",
                    measured.appends(), measured.fsyncs(), measured.meanBatch());
        }
    }

    /** One writer: its own message, to queue (thread index mod {@link BenchMessages#QUEUES}). */
    @State(Scope.Thread)
    public static class Writer {
        MessageToStore message;

        @Setup(Level.Trial)
        public void build(StoreState state, ThreadParams thread) {
            message = BenchMessages.message(thread.getThreadIndex() % BenchMessages.QUEUES, state.bodySize);
        }
    }

    @Benchmark
    public PutStatus put(StoreState state, Writer writer) {
        PutResult result = state.store.put(writer.message);
        if (result.status() != PutStatus.PUT_OK) {
            // Fails the run: a refused or unconfirmed put is not a measurement.
            throw new IllegalStateException("put answered " + result.status() + ": " + result.reason());
        }
        return result.status();
    }
}
