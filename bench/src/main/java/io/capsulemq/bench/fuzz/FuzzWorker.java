package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.FrameDescriptor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection slot: opens a connection to the NameServer or the broker, writes units until the session's planned
 * length or a unit that breaks the transport's rules, checks that the server did what the rules say (answered every
 * request that asks for an answer; closed the connection after a broken frame), and opens the next connection, until
 * the run's frame budget is spent.
 */
final class FuzzWorker implements Runnable {
    /** Hang guards, not speed requirements: a working server answers in milliseconds. */
    static final Duration ANSWER_PATIENCE = Duration.ofSeconds(60);
    static final Duration CLOSE_PATIENCE = Duration.ofSeconds(30);
    /** Units a session writes at most before it closes the connection itself. */
    private static final int MAX_SESSION_UNITS = 200;
    /** Connection attempts in a row that may fail before the slot gives up: the server is gone. */
    private static final int MAX_FAILED_CONNECTS = 50;

    private final InetSocketAddress nameServer;
    private final InetSocketAddress broker;
    private final AtomicLong budget;
    private final FuzzStats stats;
    private final FrameGenerator generator;
    private final DecoderOracle oracle;
    private final SplittableRandom random;

    FuzzWorker(InetSocketAddress nameServer, InetSocketAddress broker, AtomicLong budget, FuzzStats stats, long seed) {
        this.nameServer = nameServer;
        this.broker = broker;
        this.budget = budget;
        this.stats = stats;
        this.generator = new FrameGenerator(seed, FrameDescriptor.DEFAULT_MAX_FRAME_BYTES);
        this.oracle = new DecoderOracle(FrameDescriptor.DEFAULT_MAX_FRAME_BYTES);
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    @Override
    public void run() {
        int failedConnects = 0;
        while (budget.get() > 0 && failedConnects < MAX_FAILED_CONNECTS && !Thread.currentThread().isInterrupted()) {
            RequestShapes.Port port = random.nextInt(5) < 3 ? RequestShapes.Port.BROKER : RequestShapes.Port.NAMESRV;
            FuzzConnection connection;
            try {
                connection = FuzzConnection.open(port == RequestShapes.Port.BROKER ? broker : nameServer, port, stats);
                failedConnects = 0;
            } catch (IOException e) {
                stats.finding("cannot connect to the " + port, e.toString());
                failedConnects++;
                pause();
                continue;
            }
            try (connection) {
                session(connection);
            } catch (IOException e) {
                stats.finding("the connection failed on the fuzzer's side", port + ": " + e);
            } catch (RuntimeException e) {
                stats.finding("the fuzzer itself failed (its bug, not the server's)", e + " at "
                        + java.util.Arrays.toString(e.getStackTrace()));
            }
        }
    }

    private void session(FuzzConnection connection) throws IOException {
        int planned = 1 + random.nextInt(MAX_SESSION_UNITS);
        for (int i = 0; i < planned; i++) {
            if (budget.getAndDecrement() <= 0) {
                break;
            }
            FrameGenerator.Unit unit = generator.next(connection.port());
            DecoderOracle.Prediction prediction = oracle.predict(unit.bytes());
            if (prediction.codecFault() != null) {
                stats.finding("the codec failed with " + prediction.codecFault().getClass().getName()
                        + " instead of a protocol error", String.valueOf(prediction.codecFault().getMessage()));
            }
            if (prediction.ending() == DecoderOracle.Ending.CLEAN) {
                connection.expect(prediction.commands(), false);
                if (!write(connection, unit)) {
                    return;
                }
                continue;
            }
            // The unit ends the session: collect the answers owed so far, then see the server react to it.
            if (!answersIn(connection)) {
                return;
            }
            connection.expect(prediction.commands(), true);
            boolean written = writeQuietly(connection, unit);
            if (prediction.ending() == DecoderOracle.Ending.REJECTED) {
                if (!written || connection.awaitClose(CLOSE_PATIENCE)) {
                    stats.closedByServer.increment();
                } else {
                    stats.finding("the server kept a connection open after a frame that breaks the transport's "
                            + "rules", unit.kind() + " unit of " + unit.bytes().length + " bytes on the "
                            + connection.port());
                    stats.closedByFuzzer.increment();
                }
            } else {
                stats.closedByFuzzer.increment(); // a frame cut short: the server waits for the rest
            }
            stats.heldLongPolls.add(connection.heldLongPolls());
            return;
        }
        if (answersIn(connection)) {
            stats.closedByFuzzer.increment();
            stats.heldLongPolls.add(connection.heldLongPolls());
        }
    }

    /** Writes a unit that should be read without complaint; false (and a finding) if the server has gone. */
    private boolean write(FuzzConnection connection, FrameGenerator.Unit unit) {
        try {
            connection.write(unit.bytes());
            stats.frame(unit.kind(), unit.bytes().length);
            return true;
        } catch (IOException e) {
            stats.frame(unit.kind(), unit.bytes().length);
            stats.finding("the server closed a connection that sent only well-formed frames", unit.kind()
                    + " unit on the " + connection.port() + ": " + e);
            return false;
        }
    }

    /** Writes a unit the server may close the connection over halfway through. */
    private boolean writeQuietly(FuzzConnection connection, FrameGenerator.Unit unit) {
        stats.frame(unit.kind(), unit.bytes().length);
        try {
            connection.write(unit.bytes());
            return true;
        } catch (IOException closedWhileWriting) {
            return false;
        }
    }

    /** Waits for every answer owed; false (and a finding) if some never came or the server closed. */
    private boolean answersIn(FuzzConnection connection) {
        int missing;
        try {
            missing = connection.awaitAnswers(ANSWER_PATIENCE);
        } catch (IOException e) {
            stats.finding("the server reset a connection that sent only well-formed frames", "on the "
                    + connection.port() + ": " + e);
            return false;
        }
        if (connection.closedByServer()) {
            stats.finding("the server closed a connection that sent only well-formed frames", missing
                    + " answers outstanding on the " + connection.port());
            return false;
        }
        if (missing > 0) {
            stats.neverAnswered.add(missing);
            stats.finding("requests never answered", missing + " on the " + connection.port() + " after "
                    + ANSWER_PATIENCE.toSeconds() + " s");
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
