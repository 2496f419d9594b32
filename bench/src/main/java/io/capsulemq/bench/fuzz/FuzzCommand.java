package io.capsulemq.bench.fuzz;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code java -jar bench/target/benchmarks.jar --fuzz [options]}: starts the standalone Capsule broker (its own JVM,
 * heap capped, exit on OutOfMemoryError), throws random and mutated frames at its NameServer and broker ports over
 * many connections while the real RocketMQ client sends and receives on its own, and prints the figures and the
 * verdict. Exit code 0 when the broker came through unharmed, 1 otherwise.
 */
@Command(name = "--fuzz", mixinStandardHelpOptions = true,
        description = "Random and mutated frames at the standalone broker's ports; a real client must be unaffected.")
public final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "1000000", description = "frames to write (${DEFAULT-VALUE})")
    long frames;
    @Option(names = "--seed", description = "seed of the frames (default: random, printed)")
    Long seed;
    @Option(names = "--connections", defaultValue = "16", description = "connections at once (${DEFAULT-VALUE})")
    int connections;
    @Option(names = "--heap", defaultValue = "256m", description = "the broker's -Xmx (${DEFAULT-VALUE})")
    String heap;
    @Option(names = "--client-interval", defaultValue = "10",
            description = "milliseconds between the well-formed client's sends (${DEFAULT-VALUE})")
    long clientIntervalMillis;
    @Option(names = "--in-process", description = "run the broker in this JVM instead (no heap cap of its own)")
    boolean inProcess;
    @Option(names = "--dir", defaultValue = "bench/target/fuzz", description = "the broker's home (${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--out", defaultValue = "bench/target/fuzz-report.txt", description = "where the report goes "
            + "(${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        FuzzRun.Settings settings = new FuzzRun.Settings(frames, actualSeed, connections,
                Duration.ofMillis(clientIntervalMillis));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.println("fuzz: seed " + actualSeed + ", " + frames + " frames, " + connections + " connections"
                + (inProcess ? ", broker in this JVM" : ", broker heap -Xmx" + heap));
        FuzzReport report;
        try (FuzzTarget target = inProcess ? InProcessBroker.start(dir) : BrokerProcess.start(dir, heap)) {
            report = FuzzRun.run(target, settings, System.err);
        }
        String text = String.join(System.lineSeparator(), report.lines()) + System.lineSeparator();
        System.out.println();
        System.out.print(text);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("written to " + out.toAbsolutePath());
        return report.passed() ? 0 : 1;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FuzzCommand()).execute(args));
    }
}
