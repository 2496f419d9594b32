package io.capsulemq.broker.store;

import io.capsulemq.broker.store.file.FileBackend;
import io.capsulemq.broker.store.file.StorageFile;
import io.capsulemq.broker.store.retention.DiskSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.capsulemq.broker.store.TestStores.*;
import static org.junit.jupiter.api.Assertions.*;

class DiskFullTest {
    @TempDir
    Path dir;

    /** The local file system, except that writes fail half-way through while {@code full} is set. */
    static final class FillingBackend implements FileBackend {
        volatile boolean full;

        @Override
        public StorageFile open(Path path, long size) throws IOException {
            StorageFile real = FileBackend.LOCAL.open(path, size);
            return new StorageFile() {
                @Override
                public void write(ByteBuffer src, long position) throws IOException {
                    if (full) {
                        ByteBuffer half = src.duplicate();
                        half.limit(half.position() + half.remaining() / 2);
                        real.write(half, position);
                        throw new IOException("No space left on device");
                    }
                    real.write(src, position);
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return real.read(dst, position);
                }

                @Override
                public void force() throws IOException {
                    real.force();
                }

                @Override
                public Path path() {
                    return real.path();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }

    static final class FakeDisk implements DiskSpace {
        volatile double used = 0.5;

        @Override
        public double usedRatio() {
            return used;
        }

        @Override
        public long usableBytes() {
            return (long) ((1 - used) * 1e12);
        }
    }

    private static void assertBodies(DefaultMessageStore store, int count) {
        awaitDispatched(store);
        GetResult all = store.get("T", 0, 0, 100, MessageFilter.ALL);
        assertEquals(count, all.messages().size());
        for (int i = 0; i < count; i++) {
            assertEquals("m" + i, body(all.messages().get(i)));
        }
    }

    @Test
    void shouldRefuseWritesWhileTheDiskIsFullAndResumeWhenSpaceReturns() throws Exception {
        FakeDisk disk = new FakeDisk();
        StoreConfig config = smallConfig(dir).diskFullRatio(0.95).build();
        try (DefaultMessageStore store = DefaultMessageStore.open(config, FileBackend.LOCAL, disk)) {
            for (int i = 0; i < 5; i++) {
                assertTrue(store.put(message("T", 0, "m" + i)).isOk());
            }
            disk.used = 0.97;
            Thread.sleep(150);
            PutResult refused = store.put(message("T", 0, "refused"));
            assertEquals(PutStatus.DISK_FULL, refused.status());
            assertTrue(refused.reason().contains("97.0% used"), refused.reason());
            assertBodies(store, 5);
            disk.used = 0.6;
            Thread.sleep(150);
            assertEquals(5, store.put(message("T", 0, "m5")).queueOffset());
            assertBodies(store, 6);
        }
        try (DefaultMessageStore store = DefaultMessageStore.open(config, FileBackend.LOCAL, new FakeDisk())) {
            assertBodies(store, 6);
        }
    }

    @Test
    void shouldRefuseAFailedWriteAndKeepWhatWasStored() throws Exception {
        FillingBackend backend = new FillingBackend();
        StoreConfig config = smallConfig(dir).build();
        try (DefaultMessageStore store = DefaultMessageStore.open(config, backend, new FakeDisk())) {
            for (int i = 0; i < 5; i++) {
                assertTrue(store.put(message("T", 0, "m" + i)).isOk());
            }
            backend.full = true;
            PutResult failed = store.put(message("T", 0, "torn"));
            assertEquals(PutStatus.DISK_FULL, failed.status());
            assertTrue(failed.reason().contains("No space left"), failed.reason());
            backend.full = false;
            assertEquals(PutStatus.DISK_FULL, store.put(message("T", 0, "paused")).status(),
                    "writes pause for a moment after a failure");
            assertBodies(store, 5);
            Thread.sleep(1100);
            PutResult resumed = store.put(message("T", 0, "m5"));
            assertEquals(PutStatus.PUT_OK, resumed.status());
            assertEquals(5, resumed.queueOffset(), "the failed write must not use up a queue offset");
            assertBodies(store, 6);
        }
        try (DefaultMessageStore store = DefaultMessageStore.open(config, FileBackend.LOCAL, new FakeDisk())) {
            assertBodies(store, 6);
        }
    }
}
