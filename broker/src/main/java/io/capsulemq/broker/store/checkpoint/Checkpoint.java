package io.capsulemq.broker.store.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The durable points recovery starts from: every commit log byte before {@code commitLogFlushed} was forced, and
 * every record before {@code dispatched} has its consume queue and index entries forced too. Written whole to a
 * temporary file and renamed over the old one, so a crash leaves either the old or the new checkpoint.
 */
public record Checkpoint(long commitLogFlushed, long dispatched, long timestamp) {
    public static final Checkpoint EMPTY = new Checkpoint(0, 0, 0);
    static final String FILE_NAME = "checkpoint";
    private static final int MAGIC = 0xCA95_C4EC;
    private static final int VERSION = 1;
    // magic, version, three longs, crc
    private static final int LENGTH = 4 + 4 + 8 * 3 + 4;

    /** Reads the checkpoint in {@code dir}; a missing one is EMPTY, a damaged one is refused naming the file. */
    public static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return EMPTY;
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.remaining() != LENGTH || buf.getInt(0) != MAGIC || buf.getInt(4) != VERSION) {
            throw new IOException("checkpoint " + file + " is not a Capsule MQ checkpoint of version " + VERSION);
        }
        if (buf.getInt(LENGTH - 4) != crc(buf)) {
            throw new IOException("checkpoint " + file + " fails its CRC");
        }
        return new Checkpoint(buf.getLong(8), buf.getLong(16), buf.getLong(24));
    }

    public void write(Path dir) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.putInt(0, MAGIC).putInt(4, VERSION).putLong(8, commitLogFlushed).putLong(16, dispatched)
                .putLong(24, timestamp);
        buf.putInt(LENGTH - 4, crc(buf));
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    /** Makes a rename in {@code dir} durable (Linux allows forcing a directory opened for reading). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every platform can force a directory; the rename itself is still atomic.
        }
    }

    private static int crc(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(LENGTH - 4));
        return (int) crc.getValue();
    }
}
