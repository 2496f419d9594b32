package io.capsulemq.bench.store;

import io.capsulemq.bench.BenchFiles;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw limit of the disk the store writes to, with the store's bytes per message: plain positional
 * {@link FileChannel} writes, nothing else.
 *
 * <p>Every message is one record of exactly the size the store writes for it ({@link BenchMessages#recordSize}:
 * body + 120-byte header + topic + empty properties, i.e. body + 128 bytes), written from a direct buffer. The
 * writer threads share one sequence of 1 GiB files: each record claims the next slot with
 * {@code AtomicLong.getAndIncrement()}; a record never spans two files (like the commit log's segments), and the
 * next file is created when the first record lands in it, extended to 1 GiB sparsely exactly as the store's
 * segments are, so blocks are allocated as records are written in both cases.
 *
 * <ul>
 *   <li>{@link #async}: one record per operation, no force; the score is records per second.</li>
 *   <li>{@link #sync}: one operation is a batch of {@link #batch} records followed by one {@code force(false)}
 *       (fdatasync) of the file(s) they went to; forces are serialized (at most one in flight, as with the store's
 *       single flusher thread) while other threads keep writing. The score is batches per second; the runner
 *       multiplies by {@code batch} for records per second (exact: every completed operation wrote exactly
 *       {@code batch} records, an operation cut off by the end of an iteration is not counted).</li>
 * </ul>
 * Each iteration starts with fresh files and deletes them afterwards, as the store benchmark does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class RawDiskBenchmark {
    /** More files than one iteration can fill: 4096 GiB. */
    private static final int MAX_FILES = 4096;

    @State(Scope.Benchmark)
    public static class Disk {
        @Param({"1024", "4096"})
        public int bodySize;

        /** Records per force in {@link #sync}; the runner sets it to the store's measured mean group-commit batch. */
        @Param({"1"})
        public int batch;

        int recordSize;
        private long recordsPerFile;
        private Path dir;
        private final AtomicLong nextRecord = new AtomicLong();
        private AtomicReferenceArray<FileChannel> files;
        private final ReentrantLock forceLock = new ReentrantLock();

        @Setup(Level.Trial)
        public void size() {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1, was " + batch);
            }
            recordSize = BenchMessages.recordSize(bodySize);
            // Like the commit log: a record never spans two files (the store also keeps 8 bytes for a filler).
            recordsPerFile = (BenchMessages.SEGMENT_SIZE - 8) / recordSize;
        }

        @Setup(Level.Iteration)
        public void open() {
            dir = BenchFiles.freshDir(BenchFiles.baseDir(), "raw-");
            nextRecord.set(0);
            files = new AtomicReferenceArray<>(MAX_FILES);
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            for (int i = 0; i < files.length(); i++) {
                FileChannel channel = files.get(i);
                if (channel != null) {
                    channel.close();
                }
            }
            BenchFiles.deleteRecursively(dir);
        }

        /** Writes {@code record} into the next free slot; returns the file it went to. */
        FileChannel append(ByteBuffer record) throws IOException {
            long n = nextRecord.getAndIncrement();
            FileChannel channel = file((int) (n / recordsPerFile));
            long position = (n % recordsPerFile) * recordSize;
            record.clear();
            while (record.hasRemaining()) {
                position += channel.write(record, position);
            }
            return channel;
        }

        private FileChannel file(int index) throws IOException {
            FileChannel channel = files.get(index);
            if (channel != null) {
                return channel;
            }
            synchronized (this) {
                channel = files.get(index);
                if (channel == null) {
                    Path path = dir.resolve(String.format("%020d", (long) index * BenchMessages.SEGMENT_SIZE));
                    channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    // Sized like a store segment: sparse, blocks allocated as records are written.
                    channel.write(ByteBuffer.wrap(new byte[1]), BenchMessages.SEGMENT_SIZE - 1L);
                    files.set(index, channel);
                }
                return channel;
            }
        }

        void force(FileChannel first, FileChannel last) throws IOException {
            forceLock.lock();
            try {
                first.force(false);
                if (last != first) {
                    last.force(false);
                }
            } finally {
                forceLock.unlock();
            }
        }
    }

    /** One writer's record: a direct buffer of random bytes, as many as the store writes per message. */
    @State(Scope.Thread)
    public static class Record {
        ByteBuffer buffer;

        @Setup(Level.Trial)
        public void fill(Disk disk) {
            byte[] bytes = new byte[disk.recordSize];
            ThreadLocalRandom.current().nextBytes(bytes);
            buffer = ByteBuffer.allocateDirect(disk.recordSize).put(bytes);
        }
    }

    /** One record written, no force: the limit for asynchronous flush. */
    @Benchmark
    public FileChannel async(Disk disk, Record record) throws IOException {
        return disk.append(record.buffer);
    }

    /** {@code batch} records written, then one force: the limit for synchronous flush at that batch size. */
    @Benchmark
    public FileChannel sync(Disk disk, Record record) throws IOException {
        FileChannel first = disk.append(record.buffer);
        FileChannel last = first;
        for (int i = 1; i < disk.batch; i++) {
            last = disk.append(record.buffer);
        }
        disk.force(first, last);
        return last;
    }

}
