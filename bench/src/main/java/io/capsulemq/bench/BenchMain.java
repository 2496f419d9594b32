package io.capsulemq.bench;

import io.capsulemq.bench.engine.EngineBench;
import io.capsulemq.bench.fuzz.FuzzCommand;
import io.capsulemq.bench.load.LoadComparison;
import io.capsulemq.bench.load.LoadTool;
import io.capsulemq.bench.store.BenchMessages;
import io.capsulemq.bench.store.RawDiskBenchmark;
import io.capsulemq.bench.store.StoreAppendBenchmark;
import io.capsulemq.bench.store.StoreStats;
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
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Runs the store-versus-raw-disk matrix: body size x flush mode x writer threads. For each cell it runs
 * {@link StoreAppendBenchmark} and then {@link RawDiskBenchmark} on the same folder; for synchronous flush the raw
 * benchmark forces once per batch of the store's measured mean group-commit batch (appends / fsyncs) for that
 * cell. Prints the table and writes it to {@code bench/target/store-vs-raw.txt}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar [--quick] [--threads 1,4,16] [--body 1024,4096] [--flush ASYNC,SYNC]
 *                                       [--dir PATH] [--out FILE]
 * java -jar bench/target/benchmarks.jar --engine [--quick] ...   (the engine against its store: {@link EngineBench})
 * java -jar bench/target/benchmarks.jar --load -n HOST:PORT ...   (any broker over the network: {@link LoadTool})
 * java -jar bench/target/benchmarks.jar --load-compare ...        (Capsule against Apache RocketMQ: {@link LoadComparison})
 * java -jar bench/target/benchmarks.jar --fuzz [--frames N] [--seed S] (random and mutated frames: {@link FuzzCommand})
 * </pre>
 */
public final class BenchMain {
    /** Store/raw that asynchronous flush with 4 KiB bodies must reach. */
    static final double ASYNC_4K_TARGET = 0.85;
    /** Store/raw that synchronous flush with 16 writers must reach, raw forcing at the store's batch size. */
    static final double SYNC_16_TARGET = 0.80;
    /** Free space asked for before starting: one measured iteration of the fastest cell stays well below this. */
    static final long MIN_FREE_BYTES = 16L << 30;

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("--load")) {
            // The network load tool: the real RocketMQ client against any NameServer (see bench/README.md).
            LoadTool.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--load-compare")) {
            LoadComparison.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--fuzz")) {
            // Random and mutated frames at the standalone broker's ports (see bench/README.md).
            FuzzCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (Arrays.asList(args).contains("--engine")) {
            // The engine against its store: a separate matrix with its own options (see bench/README.md).
            EngineBench.main(args);
            return;
        }
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
            System.err.printf("refusing to run: %s has %.1f GiB free, the benchmark wants at least %d GiB%n",
                    dir, free / (double) (1L << 30), MIN_FREE_BYTES >> 30);
            System.exit(2);
        }
        Path out = settings.out != null ? settings.out : targetDir().resolve("store-vs-raw.txt");

        List<Row> rows = new ArrayList<>();
        boolean failed = false;
        for (int body : settings.bodies) {
            for (String flush : settings.flushes) {
                for (int threads : settings.threads) {
                    Row row = runCell(settings, dir, body, flush, threads);
                    rows.add(row);
                    failed |= row.error != null;
                    System.out.println();
                    System.out.println(">>> " + row.format());
                    System.out.println();
                }
            }
        }

        String header = String.format(Locale.ROOT,
                "Capsule MQ store vs raw disk, %s%n"
                        + "folder %s (%s, %.0f GiB free at start); %s; %d CPUs; Java %s%n"
                        + "record = body + %d bytes (the store's record header, topic \"%s\", no properties); "
                        + "1 GiB segments / raw files%n"
                        + "store/raw = store msg/s / raw msg/s; sync raw forces once per 'batch' records, batch = "
                        + "round(store appends / store fsyncs)%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), dir, fsType,
                free / (double) (1L << 30), settings.describe(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                BenchMessages.recordSize(0), BenchMessages.TOPIC);
        StringBuilder table = new StringBuilder(header).append(System.lineSeparator());
        table.append(Row.HEADER).append(System.lineSeparator());
        for (Row row : rows) {
            table.append(row.format()).append(System.lineSeparator());
        }
        table.append(System.lineSeparator())
                .append(String.format(Locale.ROOT, "targets: ASYNC 4096 store/raw >= %.2f; SYNC 16 threads "
                        + "store/raw >= %.2f (raw at the store's batch size)%n", ASYNC_4K_TARGET, SYNC_16_TARGET));
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

    private static Row runCell(Settings settings, Path dir, int body, String flush, int threads) throws IOException {
        Row row = new Row(body, flush, threads);
        Path statsFile = Files.createTempFile(dir, "store-stats-", ".properties");
        try {
            Files.deleteIfExists(statsFile);
            RunResult store = runOne(settings, dir, statsFile, StoreAppendBenchmark.class, "put", threads,
                    "bodySize", Integer.toString(body), "flush", flush);
            row.storeMsgs = store.getPrimaryResult().getScore();
            row.storeError = store.getPrimaryResult().getScoreError();
            StoreStats stats = StoreStats.read(statsFile);
            row.meanBatch = stats.meanBatch();
            boolean sync = flush.equals("SYNC");
            if (sync) {
                row.rawBatch = Double.isNaN(row.meanBatch) ? 1 : Math.max(1, (int) Math.round(row.meanBatch));
            }
            RunResult raw = runOne(settings, dir, null, RawDiskBenchmark.class, sync ? "sync" : "async", threads,
                    "bodySize", Integer.toString(body), "batch", Integer.toString(row.rawBatch));
            // The sync operation writes rawBatch records per operation (and async one): records/s = ops/s x batch.
            row.rawMsgs = raw.getPrimaryResult().getScore() * row.rawBatch;
            row.rawError = raw.getPrimaryResult().getScoreError() * row.rawBatch;
        } catch (RunnerException | RuntimeException e) {
            row.error = e.toString();
            System.err.println("FAILED: " + body + " " + flush + " " + threads + " threads");
            e.printStackTrace();
        } finally {
            Files.deleteIfExists(statsFile);
        }
        return row;
    }

    private static RunResult runOne(Settings settings, Path dir, Path statsFile, Class<?> benchmark, String method,
                                    int threads, String... params) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms1g", "-Xmx1g",
                "-D" + BenchFiles.DIR_PROPERTY + "=" + dir.toAbsolutePath()));
        if (statsFile != null) {
            jvmArgs.add("-D" + StoreStats.FILE_PROPERTY + "=" + statsFile.toAbsolutePath());
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .threads(threads)
                .forks(1)
                .warmupIterations(settings.warmups)
                .warmupTime(TimeValue.seconds(settings.warmupSeconds))
                .measurementIterations(settings.iterations)
                .measurementTime(TimeValue.seconds(settings.iterationSeconds))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .shouldFailOnError(true);
        for (int i = 0; i < params.length; i += 2) {
            options.param(params[i], params[i + 1]);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one result for " + benchmark.getSimpleName() + "." + method
                    + ", got " + results.size());
        }
        return results.iterator().next();
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

    /** One cell of the matrix. */
    static final class Row {
        static final String HEADER = String.format(Locale.ROOT, "%-5s %-5s %7s %22s %22s %9s %10s %6s  %s",
                "body", "flush", "threads", "store msg/s", "raw msg/s", "store/raw", "mean batch", "batch",
                "target");
        final int body;
        final String flush;
        final int threads;
        double storeMsgs = Double.NaN;
        double storeError = Double.NaN;
        double rawMsgs = Double.NaN;
        double rawError = Double.NaN;
        double meanBatch = Double.NaN;
        int rawBatch = 1;
        String error;

        Row(int body, String flush, int threads) {
            this.body = body;
            this.flush = flush;
            this.threads = threads;
        }

        double ratio() {
            return storeMsgs / rawMsgs;
        }

        /** The target this cell is held to, or NaN if none. */
        double target() {
            if (flush.equals("ASYNC") && body == 4096) {
                return ASYNC_4K_TARGET;
            }
            if (flush.equals("SYNC") && threads == 16) {
                return SYNC_16_TARGET;
            }
            return Double.NaN;
        }

        String format() {
            String verdict;
            if (error != null) {
                verdict = "FAILED: " + error;
            } else if (Double.isNaN(target())) {
                verdict = "-";
            } else {
                verdict = String.format(Locale.ROOT, "%s (>= %.2f)", ratio() >= target() ? "met" : "NOT MET",
                        target());
            }
            return String.format(Locale.ROOT, "%-5d %-5s %7d %22s %22s %9.3f %10.2f %6s  %s", body, flush, threads,
                    withError(storeMsgs, storeError), withError(rawMsgs, rawError), ratio(), meanBatch,
                    flush.equals("SYNC") ? Integer.toString(rawBatch) : "-", verdict);
        }

        private static String withError(double score, double error) {
            if (Double.isNaN(score)) {
                return "-";
            }
            return Double.isNaN(error) ? String.format(Locale.ROOT, "%.0f", score)
                    : String.format(Locale.ROOT, "%.0f ± %.0f", score, error);
        }
    }

    /** Command-line settings. */
    static final class Settings {
        static final String USAGE = String.join(System.lineSeparator(),
                "usage: java -jar bench/target/benchmarks.jar [options]",
                "  --quick               1 fork, 1 warm-up x 2 s, 2 iterations x 2 s (default: 1 fork,",
                "                        2 warm-ups x 3 s, 3 iterations x 5 s)",
                "  --threads 1,4,16      writer threads (default 1,4,16)",
                "  --body 1024,4096      body sizes in bytes (default 1024,4096)",
                "  --flush ASYNC,SYNC    flush modes (default ASYNC,SYNC)",
                "  --dir PATH            folder on the disk to measure (default bench/target/bench-data)",
                "  --out FILE            where the table goes (default bench/target/store-vs-raw.txt)",
                "  --engine              run the engine-vs-store benchmark instead (--engine --help for its options)");

        boolean help;
        boolean quick;
        int[] threads = {1, 4, 16};
        int[] bodies = {1024, 4096};
        String[] flushes = {"ASYNC", "SYNC"};
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
                    case "--quick" -> {
                        s.quick = true;
                        s.warmups = 1;
                        s.warmupSeconds = 2;
                        s.iterations = 2;
                        s.iterationSeconds = 2;
                    }
                    case "--threads" -> s.threads = ints(value(args, ++i, arg), arg);
                    case "--body" -> s.bodies = ints(value(args, ++i, arg), arg);
                    case "--flush" -> {
                        s.flushes = value(args, ++i, arg).toUpperCase(Locale.ROOT).split(",");
                        for (String f : s.flushes) {
                            if (!f.equals("ASYNC") && !f.equals("SYNC")) {
                                throw new IllegalArgumentException("--flush takes ASYNC and/or SYNC, not " + f);
                            }
                        }
                    }
                    case "--dir" -> s.dir = Paths.get(value(args, ++i, arg)).toAbsolutePath();
                    case "--out" -> s.out = Paths.get(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return s;
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: 1 fork, %d warm-up x %d s, %d iterations x %d s",
                    quick ? "quick" : "full", warmups, warmupSeconds, iterations, iterationSeconds);
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
