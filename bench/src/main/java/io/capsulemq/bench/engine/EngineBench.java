package io.capsulemq.bench.engine;

import io.capsulemq.bench.BenchFiles;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The engine against its store, in process, measured in the same run: {@code java -jar bench/target/benchmarks.jar
 * --engine [--quick]}. Produce cells are JMH benchmarks ({@link ProduceStoreBenchmark} then
 * {@link ProduceEngineBenchmark}, each in its own fork, for each producer thread count); consume cells are the
 * fixed-volume loop of {@link ConsumeRun}. Prints one table of msg/s and engine/store per cell and writes it to
 * {@code bench/target/engine-vs-store.txt}.
 */
public final class EngineBench {
    /** Free space asked for: one measured iteration of the fastest produce cell stays well below this. */
    static final long MIN_FREE_BYTES = 16L << 30;

    private EngineBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Settings.USAGE);
            System.exit(2);
            return;
        }
        if (settings.help) {
            System.out.println(Settings.USAGE);
            return;
        }
        Path dir = settings.dir != null ? settings.dir : BenchFiles.baseDir();
        Files.createDirectories(dir);
        String fsType = BenchFiles.fileSystemType(dir);
        if (BenchFiles.isInMemory(dir)) {
            System.err.println("refusing to run: " + dir + " is on " + fsType + " (memory, not a disk); "
                    + "pass --dir on a real disk");
            System.exit(2);
        }
        long free = BenchFiles.usableBytes(dir);
        if (free < MIN_FREE_BYTES) {
            System.err.printf(Locale.ROOT, "refusing to run: %s has %.1f GiB free, the benchmark wants at least "
                    + "%d GiB%n", dir, free / (double) (1L << 30), MIN_FREE_BYTES >> 30);
            System.exit(2);
        }
        Path out = settings.out != null ? settings.out : targetDir().resolve("engine-vs-store.txt");

        List<ProduceRow> produce = new ArrayList<>();
        for (int threads : settings.threads) {
            produce.addAll(runProduce(settings, dir, threads));
        }
        List<ConsumeRow> consume = runConsume(settings, dir);

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT,
                "Capsule MQ engine vs store, in process, %s%n"
                        + "folder %s (%s, %.0f GiB free at start); %s; %d CPUs; Java %s%n"
                        + "%d-byte bodies, %d-byte records with a UNIQ_KEY on both sides; topic \"%s\" with %d "
                        + "queues; ASYNC flush; 1 GiB segments%n"
                        + "engine/store = engine msg/s / store msg/s from the same run (below 1: the engine's "
                        + "overhead)%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), dir, fsType,
                free / (double) (1L << 30), settings.describe(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), EngineSetup.BODY_SIZE, EngineSetup.recordSize(),
                EngineSetup.TOPIC, EngineSetup.QUEUES));
        boolean failed = false;
        if (!produce.isEmpty()) {
            table.append("produce (JMH; store: store.put / putBatch; engine: sender().send / sendBatch, joined)")
                    .append(System.lineSeparator()).append(ProduceRow.HEADER).append(System.lineSeparator());
            for (ProduceRow row : produce) {
                table.append(row.format()).append(System.lineSeparator());
                failed |= row.error != null;
            }
            table.append(System.lineSeparator());
        }
        if (!consume.isEmpty()) {
            table.append(String.format(Locale.ROOT, "consume (fixed volume: %d queues x %d messages per round, "
                            + "%d warm-up + %d measured rounds per side, alternating; store: store.get of %d; "
                            + "engine: puller().pull of %d + offsets().commit)%n", EngineSetup.QUEUES,
                    consume.get(0).perQueue, settings.consumeWarmups, settings.consumeRounds,
                    EngineSetup.PULL_SIZE, EngineSetup.PULL_SIZE));
            table.append(ConsumeRow.HEADER).append(System.lineSeparator());
            for (ConsumeRow row : consume) {
                table.append(row.format()).append(System.lineSeparator());
                failed |= row.error != null;
            }
            table.append(System.lineSeparator());
        }
        table.append("The machine's other load moves these figures: compare engine and store within a row only.")
                .append(System.lineSeparator());
        System.out.println();
        System.out.println(table);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println("written to " + out.toAbsolutePath());
        if (failed) {
            System.err.println("SOME BENCHMARKS FAILED: see the rows marked FAILED and the errors above");
            System.exit(1);
        }
    }

    private static List<ProduceRow> runProduce(Settings settings, Path dir, int threads) {
        List<ProduceRow> rows = new ArrayList<>();
        boolean send = settings.produce.contains("send");
        boolean clientIds = settings.produce.contains("send-client-ids");
        boolean batch = settings.produce.contains("batch");
        if (send || clientIds) {
            ProduceRow plain = new ProduceRow("send", threads);
            ProduceRow withIds = new ProduceRow("send, client ids", threads);
            try {
                Result store = runOne(settings, dir, ProduceStoreBenchmark.class, "put", threads);
                plain.store(store);
                withIds.store(store);
                if (send) {
                    plain.engine(runOne(settings, dir, ProduceEngineBenchmark.class, "send", threads, "ids",
                            "BROKER"));
                }
                if (clientIds) {
                    withIds.engine(runOne(settings, dir, ProduceEngineBenchmark.class, "send", threads, "ids",
                            "CLIENT"));
                }
            } catch (RunnerException | RuntimeException e) {
                plain.fail(e);
                withIds.fail(e);
            }
            if (send) {
                rows.add(report(plain));
            }
            if (clientIds) {
                rows.add(report(withIds));
            }
        }
        if (batch) {
            ProduceRow row = new ProduceRow("batch of " + EngineSetup.BATCH, threads);
            try {
                row.store(runOne(settings, dir, ProduceStoreBenchmark.class, "putBatch", threads));
                row.engine(runOne(settings, dir, ProduceEngineBenchmark.class, "sendBatch", threads, "ids",
                        "BROKER"));
            } catch (RunnerException | RuntimeException e) {
                row.fail(e);
            }
            rows.add(report(row));
        }
        return rows;
    }

    private static ProduceRow report(ProduceRow row) {
        System.out.println();
        System.out.println(">>> " + row.format());
        System.out.println();
        return row;
    }

    private static List<ConsumeRow> runConsume(Settings settings, Path dir) throws InterruptedException {
        List<ConsumeRow> rows = new ArrayList<>();
        if (settings.consumers.length == 0) {
            return rows;
        }
        System.out.printf(Locale.ROOT, "%nconsume: filling %d queues with %d messages each through the engine%n",
                EngineSetup.QUEUES, settings.perQueue);
        ConsumeRun run;
        try {
            run = ConsumeRun.prepare(dir, settings.perQueue);
        } catch (RuntimeException e) {
            e.printStackTrace();
            for (int consumers : settings.consumers) {
                rows.add(new ConsumeRow(consumers, settings.perQueue, null, e.toString()));
            }
            return rows;
        }
        try {
            for (int consumers : settings.consumers) {
                ConsumeRow row;
                try {
                    row = new ConsumeRow(consumers, run.perQueue(),
                            run.measure(consumers, settings.consumeWarmups, settings.consumeRounds), null);
                } catch (RuntimeException e) {
                    System.err.println("FAILED: consume, " + consumers + " consumers");
                    e.printStackTrace();
                    row = new ConsumeRow(consumers, run.perQueue(), null, e.toString());
                }
                rows.add(row);
                System.out.println();
                System.out.println(">>> " + row.format());
                System.out.println();
            }
        } finally {
            run.close();
        }
        return rows;
    }

    private static Result runOne(Settings settings, Path dir, Class<?> benchmark, String method, int threads,
                                 String... params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .threads(threads)
                .forks(1)
                .warmupIterations(settings.warmups)
                .warmupTime(TimeValue.seconds(settings.warmupSeconds))
                .measurementIterations(settings.iterations)
                .measurementTime(TimeValue.seconds(settings.iterationSeconds))
                .jvmArgsAppend("-Xms1g", "-Xmx1g", "-D" + BenchFiles.DIR_PROPERTY + "=" + dir.toAbsolutePath())
                .shouldFailOnError(true);
        for (int i = 0; i < params.length; i += 2) {
            options.param(params[i], params[i + 1]);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one result for " + benchmark.getSimpleName() + "." + method
                    + ", got " + results.size());
        }
        return results.iterator().next().getPrimaryResult();
    }

    /** {@code bench/target} when run from the repository root, {@code target} from {@code bench/}, else ".". */
    static Path targetDir() {
        if (Files.isDirectory(Paths.get("bench", "target"))) {
            return Paths.get("bench", "target");
        }
        if (Files.isDirectory(Paths.get("target"))) {
            return Paths.get("target");
        }
        return Paths.get(".");
    }

    private static String withError(double score, double error) {
        if (Double.isNaN(score)) {
            return "-";
        }
        return Double.isNaN(error) ? String.format(Locale.ROOT, "%.0f", score)
                : String.format(Locale.ROOT, "%.0f ± %.0f", score, error);
    }

    /** One produce cell: a variant at a producer thread count. */
    static final class ProduceRow {
        static final String HEADER = String.format(Locale.ROOT, "%-18s %7s %20s %20s %12s",
                "variant", "threads", "store msg/s", "engine msg/s", "engine/store");
        final String variant;
        final int threads;
        double storeMsgs = Double.NaN;
        double storeError = Double.NaN;
        double engineMsgs = Double.NaN;
        double engineError = Double.NaN;
        String error;

        ProduceRow(String variant, int threads) {
            this.variant = variant;
            this.threads = threads;
        }

        void store(Result r) {
            storeMsgs = r.getScore();
            storeError = r.getScoreError();
        }

        void engine(Result r) {
            engineMsgs = r.getScore();
            engineError = r.getScoreError();
        }

        void fail(Exception e) {
            error = e.toString();
            System.err.println("FAILED: " + variant + ", " + threads + " threads");
            e.printStackTrace();
        }

        String format() {
            String line = String.format(Locale.ROOT, "%-18s %7d %20s %20s %12s", variant, threads,
                    withError(storeMsgs, storeError), withError(engineMsgs, engineError),
                    Double.isNaN(engineMsgs / storeMsgs) ? "-"
                            : String.format(Locale.ROOT, "%.3f", engineMsgs / storeMsgs));
            return error == null ? line : line + "  FAILED: " + error;
        }
    }

    /** One consume cell: a consumer thread count. */
    static final class ConsumeRow {
        static final String HEADER = String.format(Locale.ROOT, "%-18s %7s %20s %20s %12s  %s", "variant",
                "threads", "store msg/s", "engine msg/s", "engine/store", "per-round range");
        final int consumers;
        final long perQueue;
        final ConsumeRun.Result result;
        final String error;

        ConsumeRow(int consumers, long perQueue, ConsumeRun.Result result, String error) {
            this.consumers = consumers;
            this.perQueue = perQueue;
            this.result = result;
            this.error = error;
        }

        String format() {
            String variant = "pull " + EngineSetup.PULL_SIZE + " + commit";
            if (result == null) {
                return String.format(Locale.ROOT, "%-18s %7d %20s %20s %12s  FAILED: %s", variant, consumers, "-",
                        "-", "-", error);
            }
            return String.format(Locale.ROOT, "%-18s %7d %20.0f %20.0f %12.3f  %.3f - %.3f", variant, consumers,
                    result.storeMsgs(), result.engineMsgs(), result.ratio(), result.minRoundRatio(),
                    result.maxRoundRatio());
        }
    }

    /** Command-line settings. */
    static final class Settings {
        static final String USAGE = String.join(System.lineSeparator(),
                "usage: java -jar bench/target/benchmarks.jar --engine [options]",
                "  --quick                 produce: 1 fork, 1 warm-up x 2 s, 2 iterations x 2 s (default 1 fork,",
                "                          2 warm-ups x 3 s, 3 iterations x 5 s); consume: 25000 messages per queue,",
                "                          2 warm-up + 3 measured rounds per side (default 50000, 3 + 5)",
                "  --threads 1,4,16        producer threads (default 1,4,16)",
                "  --produce LIST          produce variants, any of send,send-client-ids,batch (default all;",
                "                          'none' for none)",
                "  --consumers 1,4,8       consumer threads over the 8 queues (default 1,4,8; 'none' for none)",
                "  --per-queue N           messages per queue for the consume rounds",
                "  --rounds W,M            consume warm-up and measured rounds per side",
                "  --dir PATH              folder on the disk to use (default bench/target/bench-data)",
                "  --out FILE              where the table goes (default bench/target/engine-vs-store.txt)");
        static final Set<String> VARIANTS = Set.of("send", "send-client-ids", "batch");

        boolean help;
        boolean quick;
        int[] threads = {1, 4, 16};
        Set<String> produce = new LinkedHashSet<>(List.of("send", "send-client-ids", "batch"));
        int[] consumers = {1, 4, 8};
        Integer perQueueOption;
        int perQueue = 50_000;
        int consumeWarmups = 3;
        int consumeRounds = 5;
        Integer[] roundsOption;
        Path dir;
        Path out;
        int warmups = 2;
        int warmupSeconds = 3;
        int iterations = 3;
        int iterationSeconds = 5;

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> s.help = true;
                    case "--engine" -> {
                        // The switch that brought us here from BenchMain.
                    }
                    case "--quick" -> {
                        s.quick = true;
                        s.warmups = 1;
                        s.warmupSeconds = 2;
                        s.iterations = 2;
                        s.iterationSeconds = 2;
                        s.perQueue = 25_000;
                        s.consumeWarmups = 2;
                        s.consumeRounds = 3;
                    }
                    case "--threads" -> s.threads = ints(value(args, ++i, arg), arg);
                    case "--produce" -> {
                        String list = value(args, ++i, arg).toLowerCase(Locale.ROOT);
                        s.produce = new LinkedHashSet<>();
                        if (!list.equals("none")) {
                            for (String v : list.split(",")) {
                                if (!VARIANTS.contains(v.trim())) {
                                    throw new IllegalArgumentException("--produce takes send, send-client-ids "
                                            + "and/or batch, or none; not " + v);
                                }
                                s.produce.add(v.trim());
                            }
                        }
                    }
                    case "--consumers" -> {
                        String list = value(args, ++i, arg);
                        s.consumers = list.equalsIgnoreCase("none") ? new int[0] : ints(list, arg);
                    }
                    case "--per-queue" -> s.perQueueOption = ints(value(args, ++i, arg), arg)[0];
                    case "--rounds" -> {
                        int[] r = ints(value(args, ++i, arg), arg);
                        if (r.length != 2) {
                            throw new IllegalArgumentException("--rounds takes warm-up,measured (e.g. 3,5)");
                        }
                        s.roundsOption = new Integer[] {r[0], r[1]};
                    }
                    case "--dir" -> s.dir = Paths.get(value(args, ++i, arg)).toAbsolutePath();
                    case "--out" -> s.out = Paths.get(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            // Explicit values win over --quick, whatever their order.
            if (s.perQueueOption != null) {
                s.perQueue = s.perQueueOption;
            }
            if (s.roundsOption != null) {
                s.consumeWarmups = s.roundsOption[0];
                s.consumeRounds = s.roundsOption[1];
            }
            return s;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: produce 1 fork, %d warm-up x %d s, %d iterations x %d s; "
                            + "consume %d + %d rounds per side", quick ? "quick" : "full", warmups, warmupSeconds,
                    iterations, iterationSeconds, consumeWarmups, consumeRounds);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int[] ints(String list, String option) {
            try {
                int[] values = Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt)
                        .toArray();
                for (int v : values) {
                    if (v < 1) {
                        throw new IllegalArgumentException(option + " values must be positive: " + list);
                    }
                }
                return values;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a comma-separated list of numbers: " + list);
            }
        }
    }
}
