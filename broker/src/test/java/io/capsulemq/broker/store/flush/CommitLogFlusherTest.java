package io.capsulemq.broker.store.flush;

import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.commitlog.CommitLog;
import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.file.StorageFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class CommitLogFlusherTest {
    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private final CountDownLatch forceMayReturn = new CountDownLatch(1);
    private final AtomicInteger forces = new AtomicInteger();

    /** The local file system whose force waits until the test lets it return. */
    private final FileBackend slowForce = (path, size) -> {
        StorageFile file = FileBackend.LOCAL.open(path, size);
        return new StorageFile() {
            @Override
            public void write(ByteBuffer src, long position) throws IOException {
                file.write(src, position);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return file.read(dst, position);
            }

            @Override
            public void force() throws IOException {
                forces.incrementAndGet();
                try {
                    forceMayReturn.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                file.force();
            }

            @Override
            public Path path() {
                return file.path();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    };

    private static long write(CommitLog log, int bytes) throws IOException {
        long position = log.positionFor(bytes);
        log.write(ByteBuffer.allocate(bytes), position);
        log.publish(position + bytes);
        return position + bytes;
    }

    private static PutResult written(long offset) {
        return new PutResult(PutStatus.PUT_OK, null, offset, 0, 1, List.of("id"), 0);
    }

    @Test
    void shouldAnswerEveryWaitingPutOnceItsBytesAreOnDisk() throws Exception {
        forceMayReturn.countDown();
        try (CommitLog log = CommitLog.open(dir, SEGMENT, slowForce);
             CommitLogFlusher flusher = new CommitLogFlusher(log, Duration.ofMillis(10), Duration.ofSeconds(30),
                     e -> { })) {
            flusher.start();
            List<CompletableFuture<PutResult>> waits = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long end = write(log, 100);
                waits.add(flusher.whenFlushed(end, written(end - 100)));
            }
            for (CompletableFuture<PutResult> wait : waits) {
                assertEquals(PutStatus.PUT_OK, wait.get(10, TimeUnit.SECONDS).status());
            }
            assertTrue(log.flushedPosition() >= 2000);
            assertTrue(flusher.fsyncCount() <= 20, "puts waiting together share fsyncs");
        }
    }

    @Test
    void shouldAnswerFlushDiskTimeoutWhileTheFsyncHangs() throws Exception {
        try (CommitLog log = CommitLog.open(dir, SEGMENT, slowForce);
             CommitLogFlusher flusher = new CommitLogFlusher(log, Duration.ofMillis(10), Duration.ofMillis(200),
                     e -> { })) {
            flusher.start();
            long end = write(log, 100);
            CompletableFuture<PutResult> wait = flusher.whenFlushed(end, written(0));
            PutResult answer = wait.get(10, TimeUnit.SECONDS);
            assertEquals(PutStatus.FLUSH_DISK_TIMEOUT, answer.status());
            assertTrue(answer.reason().contains("200 ms"), answer.reason());
            assertTrue(forces.get() >= 1, "the fsync was under way");
            assertEquals(0, log.flushedPosition(), "nothing was confirmed on disk");
            forceMayReturn.countDown();
        }
    }
}
