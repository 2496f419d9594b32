package io.capsulemq.broker.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes zeros over a range of a file so the file system allocates its blocks now. Files that are later written
 * through a memory mapping need this: a mapped write into an unallocated block on a full disk kills the JVM with
 * SIGBUS, while writing the zeros here turns a full disk into an IOException.
 */
public final class ZeroFill {
    private static final int CHUNK = 1 << 20;
    /** Shared source of zeros; every call takes its own duplicate, so sharing is thread-safe. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK).asReadOnlyBuffer();

    private ZeroFill() {
    }

    /** Writes zeros over [{@code from}, {@code to}) of {@code file}. */
    public static void write(StorageFile file, long from, long to) throws IOException {
        for (long position = from; position < to; position += CHUNK) {
            ByteBuffer chunk = ZEROS.duplicate();
            chunk.limit((int) Math.min(CHUNK, to - position));
            file.write(chunk, position);
        }
    }

    /** Writes zeros over [{@code from}, {@code to}) of {@code channel}. */
    public static void write(FileChannel channel, long from, long to) throws IOException {
        long position = from;
        while (position < to) {
            ByteBuffer chunk = ZEROS.duplicate();
            chunk.limit((int) Math.min(CHUNK, to - position));
            while (chunk.hasRemaining()) {
                position += channel.write(chunk, position);
            }
        }
    }
}
