package io.capsulemq.bench.engine;

import io.capsulemq.bench.BenchFiles;
import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.send.SendService;
import io.capsulemq.broker.store.PutStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The engine side of the produce comparison: every thread sends through {@code broker.sender()} of a
 * {@link Broker} started in process on the same store settings (asynchronous flush), with the topic and its
 * {@value EngineSetup#QUEUES} queues created before the run, and waits for each send's answer. Each iteration starts
 * a broker in a fresh folder and closes it and deletes the folder afterwards, outside the measured time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class ProduceEngineBenchmark {

    /** Who gives messages their unique id (UNIQ_KEY): the producer, or the engine when the message has none. */
    public enum Ids { BROKER, CLIENT }

    @State(Scope.Benchmark)
    public static class EngineSide {
        @Param({"BROKER", "CLIENT"})
        public Ids ids;

        Broker broker;
        SendService sender;
        boolean clientIds;
        private Path dir;

        @Setup(Level.Trial)
        public void quiet() {
            EngineSetup.quiet();
            clientIds = ids == Ids.CLIENT;
        }

        @Setup(Level.Iteration)
        public void start() {
            dir = BenchFiles.freshDir(BenchFiles.baseDir(), "engine-broker-");
            broker = EngineSetup.startBroker(dir);
            sender = broker.sender();
        }

        @TearDown(Level.Iteration)
        public void close() {
            try {
                broker.close();
            } finally {
                broker = null;
                sender = null;
                BenchFiles.deleteRecursively(dir);
            }
        }
    }

    /** One message through {@code sender().send(...)}. */
    @Benchmark
    public PutStatus send(EngineSide side, Producer producer) {
        return check(side.sender.send(producer.next(side.clientIds)).join(), 1);
    }

    /** {@value EngineSetup#BATCH} messages to one queue through {@code sender().sendBatch(...)}. */
    @Benchmark
    @OperationsPerInvocation(EngineSetup.BATCH)
    public PutStatus sendBatch(EngineSide side, Producer producer) {
        return check(side.sender.sendBatch(producer.nextBatch(side.clientIds)).join(), EngineSetup.BATCH);
    }

    private static PutStatus check(SendResult result, int messages) {
        // A refusal throws from send(); anything but PUT_OK (with ASYNC flush there is no flush timeout) fails too.
        if (result.status() != PutStatus.PUT_OK || result.messageIds().size() != messages) {
            throw new IllegalStateException("send answered " + result.status() + " for "
                    + result.messageIds().size() + " of " + messages + " messages");
        }
        return result.status();
    }
}
