package io.capsulemq.broker.store.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a store to one process (an OS file lock) and tells a clean shutdown from a crash: the {@code abort}
 * marker exists while the store is open and is removed only by a clean close.
 */
public final class StoreLock implements AutoCloseable {
    private static final String LOCK_FILE = "lock";
    private static final String ABORT_MARKER = "abort";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean previousShutdownClean;

    private StoreLock(Path dir, FileChannel channel, FileLock lock, boolean previousShutdownClean) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.previousShutdownClean = previousShutdownClean;
    }

    /** Locks the store in {@code dir}; refuses, naming the folder, when another process has it open. */
    public static StoreLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the store at " + dir + " is in use by another process");
        }
        Path marker = dir.resolve(ABORT_MARKER);
        boolean clean = !Files.exists(marker);
        Files.write(marker, new byte[0]);
        forceDirectory(dir);
        return new StoreLock(dir, channel, lock, clean);
    }

    /** Makes the marker's creation or removal durable (Linux allows forcing a directory opened for reading). */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every platform can force a directory; the marker is then durable when the OS says so.
        }
    }

    /** Whether the last process to open this store closed it cleanly (true for a new store). */
    public boolean previousShutdownClean() {
        return previousShutdownClean;
    }

    /** Marks the shutdown clean (everything flushed and checkpointed) and releases the lock. */
    public void releaseClean() throws IOException {
        Files.deleteIfExists(dir.resolve(ABORT_MARKER));
        forceDirectory(dir);
        close();
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
