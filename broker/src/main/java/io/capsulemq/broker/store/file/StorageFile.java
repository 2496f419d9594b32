package io.capsulemq.broker.store.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** One file of the commit log as the store uses it: positional writes and reads, and a force to disk. */
public interface StorageFile extends Closeable {

    /** Writes all remaining bytes of {@code src} at {@code position}; an error leaves the buffer's position unknown. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Reads until {@code dst} is full or the file ends; returns the bytes read. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Forces written data to the device (data only, as fdatasync). */
    void force() throws IOException;

    Path path();
}
