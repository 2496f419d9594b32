package io.capsulemq.broker.store.commitlog;

import java.nio.ByteBuffer;

/**
 * Where a put encodes its records before they are written: a direct buffer kept per thread, so a put leaves no
 * garbage of the records' size behind and the write to the log needs no copy into a temporary direct buffer. A
 * batch larger than the kept buffer may grow to gets a buffer of its own.
 *
 * <p>The buffer is the calling thread's until its next call: callers must be done with it (written, or dropped)
 * before they encode again on the same thread.
 */
public final class EncodeBuffers {
    /** Largest buffer kept per thread; the threads that put are few (I/O threads, the engine's services). */
    static final int MAX_KEPT = 256 * 1024;
    private static final int MIN_KEPT = 8 * 1024;

    private static final ThreadLocal<ByteBuffer> KEPT = new ThreadLocal<>();

    private EncodeBuffers() {
    }

    /** An empty buffer of exactly {@code length} bytes (position 0, limit {@code length}). */
    public static ByteBuffer of(int length) {
        if (length > MAX_KEPT) {
            return ByteBuffer.allocate(length);
        }
        ByteBuffer kept = KEPT.get();
        if (kept == null || kept.capacity() < length) {
            kept = ByteBuffer.allocateDirect(Math.min(MAX_KEPT, Math.max(MIN_KEPT, Integer.highestOneBit(length) << 1)));
            KEPT.set(kept);
        }
        return kept.clear().limit(length);
    }
}
