package io.capsulemq.bench;

import io.capsulemq.bench.store.BenchMessages;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoreConfig;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Fills one store with 4 KiB messages (asynchronous flush, 16 queues) and reports, at each checkpoint of the
 * {@code --gib} list, the JVM's heap, non-heap, direct and mapped buffer use and resident set size after a full
 * GC, with the time taken and the append rate. The store's heap use should not grow with what it holds.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.capsulemq.bench.StoreMemoryReport --gib 1,20 [--dir PATH]
 *      [--writers 4] [--body 4096] [--keep]
 * </pre>
 * "Stored" counts commit log bytes (records: body + header + topic), i.e. what lies on disk in the commit log.
 */
public final class StoreMemoryReport {
    private static final long GIB = 1L << 30;
    private static final double MIB = 1 << 20;
    private static final int QUEUES = 16;
    /** Free space wanted beyond the data itself: consume queues, index, and some room for everything else. */
    private static final long SPARE_BYTES = 2 * GIB;
    private static final Logger QUIET = Logger.getLogger("io.capsulemq");

    private StoreMemoryReport() {
    }

    public static void main(String[] args) throws Exception {
        int[] gibs = {1, 20};
        Path base = null;
        boolean keep = false;
        int writers = 4;
        int body = 4096;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gib" -> gibs = Arrays.stream(next(args, ++i).split(",")).map(String::trim)
                        .mapToInt(Integer::parseInt).sorted().toArray();
                case "--dir" -> base = Paths.get(next(args, ++i));
                case "--writers" -> writers = Integer.parseInt(next(args, ++i));
                case "--body" -> body = Integer.parseInt(next(args, ++i));
                case "--keep" -> keep = true;
                case "--help", "-h" -> {
                    System.out.println("usage: java -Xmx1g -cp bench/target/benchmarks.jar "
                            + "io.capsulemq.bench.StoreMemoryReport --gib 1,20 [--dir PATH] [--writers 4] "
                            + "[--body 4096] [--keep]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        if (gibs.length == 0 || gibs[0] < 1 || writers < 1 || body < 1) {
            System.err.println("--gib values, --writers and --body must be positive");
            System.exit(2);
        }
        if (base == null) {
            base = BenchFiles.baseDir();
        }
        Files.createDirectories(base);
        long largest = gibs[gibs.length - 1] * GIB;
        long free = BenchFiles.usableBytes(base);
        if (free < largest + SPARE_BYTES) {
            System.err.printf(Locale.ROOT, "refusing to start: %s has %.1f GiB free; storing %d GiB needs %d GiB "
                            + "(the data + 2 GiB). Pick a smaller --gib or another --dir.%n",
                    base.toAbsolutePath(), free / (double) GIB, gibs[gibs.length - 1],
                    (largest + SPARE_BYTES) / GIB);
            System.exit(2);
        }
        if (BenchFiles.isInMemory(base)) {
            System.err.println("warning: " + base + " is on " + BenchFiles.fileSystemType(base)
                    + " (memory): the resident figures will include the data");
        }
        QUIET.setLevel(java.util.logging.Level.WARNING);

        Path dir = BenchFiles.freshDir(base, "memory-report-");
        StoreConfig config = StoreConfig.builder(dir)
                .commitLogSegmentSize(StoreConfig.DEFAULT_SEGMENT_SIZE)
                .flushMode(FlushMode.ASYNC)
                .fileReservedTime(Duration.ofDays(365))
                .diskMaxUsedRatio(1.0)
                .diskFullRatio(1.0)
                .minFreeBytes(GIB)
                .build();
        System.out.printf(Locale.ROOT, "store at %s (%s, %.1f GiB free); %d writers, %d-byte bodies, %d queues, "
                        + "async flush, 1 GiB segments; checkpoints at %s GiB%n", dir, BenchFiles.fileSystemType(dir),
                free / (double) GIB, writers, body, QUEUES, Arrays.toString(gibs));
        System.out.println("before opening: " + Snapshot.take().format());

        List<String> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "memory-report-writer");
            t.setDaemon(true);
            return t;
        });
        DefaultMessageStore store = DefaultMessageStore.open(config);
        try {
            long started = System.nanoTime();
            for (int gib : gibs) {
                long target = gib * GIB;
                long phaseStart = System.nanoTime();
                long phaseFrom = stored(store);
                fill(store, pool, writers, body, target, started);
                store.awaitDispatched(Duration.ofMinutes(5));
                long phaseNanos = System.nanoTime() - phaseStart;
                long total = System.nanoTime() - started;
                long bytes = stored(store);
                Snapshot s = Snapshot.take();
                String row = String.format(Locale.ROOT,
                        "%5.1f GiB stored  %7.1f s total (%6.1f MiB/s)  this step %6.1f s (%6.1f MiB/s)  %s",
                        bytes / (double) GIB, total / 1e9, bytes / MIB / (total / 1e9), phaseNanos / 1e9,
                        (bytes - phaseFrom) / MIB / (phaseNanos / 1e9), s.format());
                rows.add(row);
                System.out.println("CHECKPOINT " + row);
            }
        } finally {
            pool.shutdownNow();
            store.close();
            if (keep) {
                System.out.println("data kept in " + dir);
            } else {
                BenchFiles.deleteRecursively(dir);
            }
        }
        System.out.println();
        System.out.println("Capsule MQ store memory with data stored (after System.gc(); " + writers + " writers, "
                + body + "-byte bodies, " + QUEUES + " queues, async flush; max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB)");
        rows.forEach(System.out::println);
    }

    /** Appends until the commit log holds {@code target} bytes, printing a line at every whole GiB. */
    private static void fill(DefaultMessageStore store, ExecutorService pool, int writers, int body, long target,
                             long started) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(pool.submit(() -> {
                MessageToStore[] messages = new MessageToStore[QUEUES];
                for (int q = 0; q < QUEUES; q++) {
                    messages[q] = BenchMessages.message(q, body);
                }
                long n = writer;
                try {
                    while (failure.get() == null && stored(store) < target) {
                        PutResult r = store.put(messages[(int) (n++ % QUEUES)]);
                        if (r.status() != PutStatus.PUT_OK) {
                            throw new IllegalStateException("put answered " + r.status() + ": " + r.reason());
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        long nextReport = (stored(store) / GIB + 1) * GIB;
        while (!running.stream().allMatch(Future::isDone)) {
            TimeUnit.MILLISECONDS.sleep(100);
            long bytes = stored(store);
            if (bytes >= nextReport) {
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "  %3d GiB stored after %7.1f s (%6.1f MiB/s since start); heap used "
                                + "%.0f MiB, RSS %.0f MiB%n", bytes / GIB, seconds, bytes / MIB / seconds,
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB,
                        Snapshot.status("VmRSS") / MIB);
                nextReport = (bytes / GIB + 1) * GIB;
            }
        }
        for (Future<?> f : running) {
            f.get();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("appending failed", failure.get());
        }
    }

    private static long stored(DefaultMessageStore store) {
        return store.maxCommitLogOffset() - store.minCommitLogOffset();
    }

    private static String next(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** The JVM's memory figures after two full collections. */
    record Snapshot(long heapUsed, long heapCommitted, long nonHeapUsed, long directUsed, long directCount,
                    long mappedUsed, long mappedCount, long rss, long rssAnon, long rssFile) {

        static Snapshot take() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                TimeUnit.MILLISECONDS.sleep(200);
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long directUsed = -1;
            long directCount = -1;
            long mappedUsed = -1;
            long mappedCount = -1;
            for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) {
                    directUsed = pool.getMemoryUsed();
                    directCount = pool.getCount();
                } else if (pool.getName().equals("mapped")) {
                    mappedUsed = pool.getMemoryUsed();
                    mappedCount = pool.getCount();
                }
            }
            return new Snapshot(memory.getHeapMemoryUsage().getUsed(), memory.getHeapMemoryUsage().getCommitted(),
                    memory.getNonHeapMemoryUsage().getUsed(), directUsed, directCount, mappedUsed, mappedCount,
                    status("VmRSS"), status("RssAnon"), status("RssFile"));
        }

        String format() {
            return String.format(Locale.ROOT, "heap used %.1f MiB (committed %.0f)  non-heap %.1f MiB  "
                            + "direct %.1f MiB (%d buffers)  mapped %.1f MiB (%d)  RSS %.0f MiB (anon %.0f, file %.0f)",
                    heapUsed / MIB, heapCommitted / MIB, nonHeapUsed / MIB, directUsed / MIB, directCount,
                    mappedUsed / MIB, mappedCount, rss / MIB, rssAnon / MIB, rssFile / MIB);
        }

        /** A size line of /proc/self/status ("VmRSS:  123456 kB") in bytes, or -1 where there is none. */
        static long status(String field) {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                    if (line.startsWith(field + ":")) {
                        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                        return Long.parseLong(parts[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }
}
