package io.capsulemq.bench.fuzz;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fuzz run against a started target: the well-formed client starts sending and receiving, the fuzzing
 * connections throw their frames until the budget is spent, then the client must have seen every message, and the
 * broker must be alive, answering, and holding no more heap than it should.
 */
final class FuzzRun {
    /** How long the client may take to receive what it sent once sending stops: a hang guard. */
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(120);

    /**
     * @param frames         frames to write in all
     * @param seed           the seed every connection slot's generator derives from
     * @param connections    connection slots working at once
     * @param clientInterval pause between two sends of the well-formed client
     */
    record Settings(long frames, long seed, int connections, Duration clientInterval) {
        Settings {
            if (frames < 1 || connections < 1) {
                throw new IllegalArgumentException("frames and connections must be positive: " + frames + ", "
                        + connections);
            }
        }
    }

    private FuzzRun() {
    }

    static FuzzReport run(FuzzTarget target, Settings settings, PrintStream progress) throws Exception {
        long heapBefore = target.heapUsedAfterGc();
        FuzzStats stats = new FuzzStats();
        WellFormedClient.Result client;
        Optional<String> servingProblem;
        long started;
        long elapsedNanos;
        try (WellFormedClient wellFormed = WellFormedClient.start(target.nameServerAddress(),
                settings.clientInterval())) {
            AtomicLong budget = new AtomicLong(settings.frames());
            SplittableRandom seeds = new SplittableRandom(settings.seed());
            List<Thread> workers = new ArrayList<>();
            started = System.nanoTime();
            for (int i = 0; i < settings.connections(); i++) {
                Thread worker = new Thread(new FuzzWorker(target.nameServer(), target.broker(), budget, stats,
                        seeds.nextLong()), "fuzz-connection-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    worker.join(5_000);
                    if (worker.isAlive()) {
                        progress.println(progressLine(stats, started, wellFormed));
                    }
                }
            }
            elapsedNanos = System.nanoTime() - started;
            client = wellFormed.finish(CLIENT_PATIENCE);
            servingProblem = wellFormed.servingProblem();
        }
        return new FuzzReport(settings, target.toString(), stats, elapsedNanos, client, servingProblem.orElse(null),
                target.alive(),
                heapBefore, target.alive() ? target.heapUsedAfterGc() : -1, target.heapMax(),
                target.alive() ? target.residentBytes() : -1, target.errorLines());
    }

    private static String progressLine(FuzzStats stats, long started, WellFormedClient client) {
        double seconds = (System.nanoTime() - started) / 1e9;
        long frames = stats.frames();
        return String.format(Locale.ROOT, "fuzz: %,d frames in %.0f s (%,.0f/s), %,d connections, %,d answered, "
                        + "%d kinds of finding; client sent %,d", frames, seconds, frames / seconds,
                stats.connections.sum(), stats.answered.sum(), stats.findings().size(), client.sentSoFar());
    }
}
