package io.capsulemq.broker.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments must own their disk blocks before they are mapped, so a full disk fails a put, not the JVM. */
class ConsumeQueuePreallocationTest {
    /** 1.2 MB per segment: more than one 1 MiB zero chunk. */
    private static final int PER_SEGMENT = 60_000;
    private static final int SEGMENT_BYTES = PER_SEGMENT * ConsumeQueueDescriptor.ENTRY_SIZE;

    @TempDir
    Path root;

    private final List<RecordingFileChannel> opened = new ArrayList<>();
    private long writableBytes = Long.MAX_VALUE;

    private ConsumeQueue recordingQueue(int entriesPerSegment) {
        return new ConsumeQueue(root.resolve("T").resolve("0"), "T", 0, entriesPerSegment, (file, options) -> {
            RecordingFileChannel channel = new RecordingFileChannel(FileChannel.open(file, options), writableBytes);
            opened.add(channel);
            return channel;
        });
    }

    @Test
    void shouldWriteEveryByteOfANewSegmentBeforeMappingIt() throws IOException {
        try (ConsumeQueue queue = recordingQueue(PER_SEGMENT)) {
            queue.put(0, 0, 1, 0);

            assertEquals(1, opened.size());
            RecordingFileChannel channel = opened.get(0);
            assertEquals(SEGMENT_BYTES, channel.bytesWritten);
            assertTrue(channel.writeCalls >= 2, "expected chunked writes, got " + channel.writeCalls);
            // Written (so the blocks are allocated), not forced: the checkpoint forces the mapping later.
            assertFalse(channel.forcedBeforeMap, "a new queue file costs no fsync");
            assertTrue(channel.mapped);
            assertFalse(channel.isOpen(), "no file descriptor may stay open after mapping");
        }
    }

    @Test
    void shouldSurfaceDiskFullAsIOExceptionAndRemoveThePartialSegment() throws IOException {
        writableBytes = 1 << 20; // the second chunk does not fit
        try (ConsumeQueue queue = recordingQueue(PER_SEGMENT)) {
            IOException e = assertThrows(IOException.class, () -> queue.put(0, 0, 1, 0));

            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
            assertEquals(0, queue.maxOffset());
            assertFalse(Files.exists(root.resolve("T").resolve("0").resolve("00000000000000000000")));
            assertFalse(opened.get(0).mapped, "a segment that could not be allocated must never be mapped");

            writableBytes = Long.MAX_VALUE; // space freed: the same put now succeeds
            queue.put(0, 0, 1, 0);
            assertEquals(1, queue.maxOffset());
        }
    }

    @Test
    void shouldWriteTheMissingTailWhenCompletingAShortSegmentOnLoad() throws IOException {
        int perSegment = 16;
        Path queueDir = root.resolve("T").resolve("0");
        Files.createDirectories(queueDir);
        ByteBuffer partial = ByteBuffer.allocate(3 * ConsumeQueueDescriptor.ENTRY_SIZE);
        for (int n = 0; n < 3; n++) {
            partial.putLong(n * 100L).putInt(5).putLong(0);
        }
        Files.write(queueDir.resolve("00000000000000000000"), partial.array());

        try (ConsumeQueue queue = recordingQueue(perSegment)) {
            queue.load();

            RecordingFileChannel channel = opened.get(0);
            assertEquals((perSegment - 3) * ConsumeQueueDescriptor.ENTRY_SIZE, channel.bytesWritten);
            assertTrue(channel.forcedBeforeMap);
            assertEquals(3, queue.maxOffset());
        }
    }
}
