package io.capsulemq.bench.load;

import io.capsulemq.peers.ApacheRocketMq;
import io.capsulemq.peers.CapsuleStandalone;
import io.capsulemq.peers.ProcessMemory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar bench/target/benchmarks.jar --load-compare [options]}: starts the standalone Capsule broker
 * (heap capped) and a real Apache RocketMQ 5.5.0 side by side, for each flush mode, drives them alternately with
 * the same load, and prints each one's figures and Capsule's ratios with the goals beside them.
 */
@Command(name = "--load-compare", mixinStandardHelpOptions = true,
        description = "The same load against Capsule and Apache RocketMQ, alternating; prints the ratios.")
public final class LoadComparison implements Callable<Integer> {

    /** Capsule's throughput over Apache RocketMQ's that we aim for, by flush mode; p99 at most half of theirs. */
    private static final Map<String, Double> THROUGHPUT_GOAL = Map.of("ASYNC_FLUSH", 1.5, "SYNC_FLUSH", 2.0);
    private static final double P99_GOAL = 0.5;

    @CommandLine.Mixin
    LoadTool.LoadOptions options = new LoadTool.LoadOptions();

    @Option(names = "--rounds", defaultValue = "2", description = "runs of each broker per flush mode, alternating (${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--flush", split = ",", defaultValue = "ASYNC_FLUSH,SYNC_FLUSH", description = "flush modes (${DEFAULT-VALUE})")
    List<String> flushModes;
    @Option(names = "--capsule-heap", defaultValue = "256m", description = "Capsule's -Xmx (${DEFAULT-VALUE})")
    String capsuleHeap;
    @Option(names = "--apache-heap", defaultValue = "1g", description = "Apache RocketMQ's -Xmx (${DEFAULT-VALUE})")
    String apacheHeap;
    @Option(names = "--dir", defaultValue = "bench/target/load", description = "where the brokers keep their data (${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() throws Exception {
        List<String> report = new ArrayList<>();
        report.add("load: " + options.settings("-").describe() + ", " + rounds + " alternating rounds each");
        for (String flush : flushModes) {
            report.addAll(compare(flush));
        }
        System.out.println();
        report.forEach(System.out::println);
        return 0;
    }

    private List<String> compare(String flush) throws Exception {
        deleteRecursively(dir);
        Map<String, String> settings = Map.of("flushDiskType", flush);
        List<LoadResult> capsule = new ArrayList<>();
        List<LoadResult> apache = new ArrayList<>();
        long capsuleRss;
        long apacheRss;
        try (CapsuleStandalone ours = CapsuleStandalone.start(dir.resolve("capsule"), settings, capsuleHeap);
             ApacheRocketMq theirs = ApacheRocketMq.start(dir.resolve("apache"), settings, apacheHeap)) {
            for (int round = 0; round < rounds; round++) {
                // Alternate which goes first, so that neither always meets a disk the other just filled.
                boolean capsuleFirst = round % 2 == 0;
                for (int i = 0; i < 2; i++) {
                    if ((i == 0) == capsuleFirst) {
                        capsule.add(LoadRun.run("capsule " + flush, options.settings(ours.nameServerAddress()),
                                System.err));
                    } else {
                        apache.add(LoadRun.run("apache  " + flush, options.settings(theirs.nameServerAddress()),
                                System.err));
                    }
                }
            }
            capsuleRss = ProcessMemory.residentBytes(ours.process().pid());
            apacheRss = ProcessMemory.residentBytes(theirs.brokerProcess().pid());
        }
        LoadResult ourBest = median(capsule);
        LoadResult theirBest = median(apache);
        double throughputRatio = ourBest.throughput() / theirBest.throughput();
        double p99Ratio = (double) ourBest.p99Micros() / theirBest.p99Micros();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(flush + " (median of " + rounds + " runs each)");
        lines.add("  " + ourBest.summary() + ", resident " + (capsuleRss >> 20) + " MiB (heap -Xmx" + capsuleHeap + ")");
        lines.add("  " + theirBest.summary() + ", resident " + (apacheRss >> 20) + " MiB (heap -Xmx" + apacheHeap + ")");
        lines.add(String.format("  capsule/apache throughput %.2f (goal >= %.1f), p99 latency %.2f (goal <= %.1f)",
                throughputRatio, THROUGHPUT_GOAL.getOrDefault(flush, 1.0), p99Ratio, P99_GOAL));
        return lines;
    }

    private static LoadResult median(List<LoadResult> results) {
        List<LoadResult> sorted = results.stream().sorted(Comparator.comparingDouble(LoadResult::throughput)).toList();
        return sorted.get(sorted.size() / 2);
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
        System.exit(new CommandLine(new LoadComparison()).execute(args));
    }
}
