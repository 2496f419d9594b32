package io.capsulemq.broker.store.commitlog;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class EncodeBuffersTest {

    @Test
    void shouldHandOutAnEmptyBufferOfExactlyTheLengthAsked() {
        for (int length : new int[] {0, 1, 1152, 8192, 70_000, EncodeBuffers.MAX_KEPT, EncodeBuffers.MAX_KEPT + 1}) {
            ByteBuffer buf = EncodeBuffers.of(length);
            assertEquals(0, buf.position());
            assertEquals(length, buf.limit());
            assertEquals(length, buf.remaining());
        }
    }

    @Test
    void shouldReuseTheThreadsBufferAndClearItOfWhatWasWritten() {
        ByteBuffer first = EncodeBuffers.of(1000);
        first.putInt(42).position(1000);
        ByteBuffer second = EncodeBuffers.of(500);
        assertSame(first, second);
        assertEquals(0, second.position());
        assertEquals(500, second.limit());
    }

    @Test
    void shouldGiveEachThreadItsOwnBuffer() throws Exception {
        ByteBuffer mine = EncodeBuffers.of(1000);
        ByteBuffer theirs = CompletableFuture.supplyAsync(() -> EncodeBuffers.of(1000)).get();
        assertNotSame(mine, theirs);
    }

    @Test
    void shouldNotKeepABufferLargerThanTheLimit() {
        ByteBuffer large = EncodeBuffers.of(EncodeBuffers.MAX_KEPT + 1);
        assertNotSame(large, EncodeBuffers.of(EncodeBuffers.MAX_KEPT + 1));
    }
}
