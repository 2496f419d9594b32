package io.capsulemq.broker.store.queue;

import static io.capsulemq.broker.store.queue.ConsumeQueueDescriptor.COMMIT_LOG_OFFSET_OFFSET;
import static io.capsulemq.broker.store.queue.ConsumeQueueDescriptor.ENTRY_SIZE;
import static io.capsulemq.broker.store.queue.ConsumeQueueDescriptor.SIZE_OFFSET;
import static io.capsulemq.broker.store.queue.ConsumeQueueDescriptor.TAGS_CODE_OFFSET;

import io.capsulemq.broker.store.file.ZeroFill;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One memory-mapped segment file of a consume queue. It knows slots (0 .. entries-1), not queue offsets' meaning;
 * {@link ConsumeQueue} decides what to write where. The file channel is closed right after mapping, because a broker
 * can hold thousands of queues and a mapping does not need an open descriptor.
 */
final class ConsumeQueueSegment {
    private static final System.Logger LOG = System.getLogger(ConsumeQueueSegment.class.getName());

    private static final byte[] ZERO_ENTRY = new byte[ENTRY_SIZE];

    private final Path file;
    private final long firstOffset;
    private final int entries;
    /** The writer's view. Readers never touch its position: they take duplicates and use absolute gets. */
    private final MappedByteBuffer buffer;
    /** Set after each write, cleared by flush, so flush forces only segments changed since the last one. */
    private final AtomicBoolean dirty = new AtomicBoolean();

    /** How segment files are opened; a seam so tests can observe preallocation and simulate a full disk. */
    @FunctionalInterface
    interface ChannelOpener {
        ChannelOpener DEFAULT = FileChannel::open;

        FileChannel open(Path file, OpenOption... options) throws IOException;
    }

    private ConsumeQueueSegment(Path file, long firstOffset, int entries, MappedByteBuffer buffer) {
        this.file = file;
        this.firstOffset = firstOffset;
        this.entries = entries;
        this.buffer = buffer;
    }

    /**
     * Creates a new segment file, really writing its zeros first. A mapped write to a sparse file on a full disk
     * kills the JVM with SIGBUS; writing the blocks up front turns that into an IOException here instead.
     */
    static ConsumeQueueSegment create(ChannelOpener opener, Path file, long firstOffset, int entries)
            throws IOException {
        int bytes = ConsumeQueueDescriptor.segmentBytes(entries);
        // CREATE_NEW: an existing file is never ours to overwrite (and never ours to delete on failure).
        FileChannel channel = opener.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try (channel) {
            // Writing the zeros allocates the blocks; no fsync here: the checkpoint forces the mapping before it
            // counts on these entries, and an fsync per new queue file made thousands of queues crawl.
            ZeroFill.write(channel, 0, bytes);
            return new ConsumeQueueSegment(file, firstOffset, entries,
                    channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes));
        } catch (IOException | RuntimeException e) {
            // Leave no half-allocated file behind: the next attempt must start from scratch.
            try {
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Maps an existing segment file. A short file is only expected as the newest segment after a crash during
     * preallocation (its tail was never written, so zeros are its true content); it is completed when
     * {@code mayComplete}. Any other size mismatch means another entriesPerSegment wrote it, and is refused.
     */
    static ConsumeQueueSegment open(ChannelOpener opener, Path file, long firstOffset, int entries,
            boolean mayComplete) throws IOException {
        int bytes = ConsumeQueueDescriptor.segmentBytes(entries);
        try (FileChannel channel = opener.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size > bytes || (size < bytes && !mayComplete)) {
                throw new IOException("consume queue segment " + file + " has " + size + " bytes; expected " + bytes
                        + " (was it written with another entriesPerSegment?)");
            }
            if (size < bytes) {
                LOG.log(System.Logger.Level.WARNING, "completing short consume queue segment {0} ({1} of {2} bytes)",
                        file, size, bytes);
                ZeroFill.write(channel, size, bytes);
                channel.force(true);
            }
            return new ConsumeQueueSegment(file, firstOffset, entries,
                    channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes));
        }
    }

    Path file() {
        return file;
    }

    long firstOffset() {
        return firstOffset;
    }

    /** Queue offset just past this segment's last slot. */
    long endOffset() {
        return firstOffset + entries;
    }

    /** Writer only. Callers publish the entry (volatile maxOffset) after this returns. */
    void write(int slot, long commitLogOffset, int size, long tagsCode) {
        int position = ConsumeQueueDescriptor.slotPosition(slot);
        buffer.putLong(position + COMMIT_LOG_OFFSET_OFFSET, commitLogOffset);
        buffer.putInt(position + SIZE_OFFSET, size);
        buffer.putLong(position + TAGS_CODE_OFFSET, tagsCode);
        dirty.set(true);
    }

    /** Writer only: empties slots [fromSlot, toSlot). */
    void zero(int fromSlot, int toSlot) {
        for (int slot = fromSlot; slot < toSlot; slot++) {
            buffer.put(ConsumeQueueDescriptor.slotPosition(slot), ZERO_ENTRY);
        }
        dirty.set(true);
    }

    /** A private view for one reader; absolute gets on it never disturb other readers or the writer. */
    ByteBuffer view() {
        return buffer.duplicate();
    }

    /** Reads a slot through a reader's view; null if the slot is empty (size 0). */
    ConsumeQueueEntry read(ByteBuffer view, int slot) {
        int position = ConsumeQueueDescriptor.slotPosition(slot);
        int size = view.getInt(position + SIZE_OFFSET);
        if (size == 0) {
            return null;
        }
        return new ConsumeQueueEntry(firstOffset + slot, view.getLong(position + COMMIT_LOG_OFFSET_OFFSET), size,
                view.getLong(position + TAGS_CODE_OFFSET));
    }

    ConsumeQueueEntry read(int slot) {
        return read(view(), slot);
    }

    /**
     * Number of written slots. Entries are written in order and only the tail is ever zeroed, so the written slots
     * form a prefix and a binary search finds its end while touching only a few pages of the file.
     */
    int writtenSlots() {
        ByteBuffer view = view();
        int low = 0;
        int high = entries;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (view.getInt(ConsumeQueueDescriptor.slotPosition(mid) + SIZE_OFFSET) != 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    boolean isDirty() {
        return dirty.get();
    }

    /** Forces the mapping to disk if it changed since the last flush. */
    void flush() throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        try {
            buffer.force();
        } catch (UncheckedIOException e) {
            dirty.set(true);
            throw e.getCause();
        }
    }

    /** Deletes the file; the mapping stays valid for readers still holding it until GC unmaps it. */
    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
