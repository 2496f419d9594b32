package io.capsulemq.broker.store.index;

import io.capsulemq.broker.store.file.ZeroFill;

import static io.capsulemq.broker.store.index.IndexFileDescriptor.BEGIN_PHYSICAL_OFFSET;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.BEGIN_TIMESTAMP;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.END_PHYSICAL_OFFSET;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.END_TIMESTAMP;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.ENTRY_CAPACITY;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.ENTRY_COMMIT_LOG_OFFSET;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.ENTRY_KEY_HASH;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.ENTRY_PREVIOUS;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.ENTRY_TIME_DIFF;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.FIRST_ENTRY;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.HASH_SLOT_COUNT;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.HEADER_SIZE;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.INDEX_COUNT;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.LAST_INDEXED_OFFSET;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.MAGIC;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.MAGIC_VALUE;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.NO_OFFSET;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.NULL_ENTRY;
import static io.capsulemq.broker.store.index.IndexFileDescriptor.TOMBSTONE_HASH;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongPredicate;

/**
 * One memory-mapped index file: a hash table of slots whose chains of 20-byte entries lead from the newest entry of
 * a slot to older ones.
 *
 * <p>Concurrency: one writer thread calls {@link #add}, {@link #setLastIndexedOffset} and {@link #truncateFrom};
 * any number of threads may call {@link #collect} and the getters at the same time. The writer fills an entry
 * completely and only then publishes it by storing its number into the slot with release semantics; readers load
 * the slot with acquire semantics, so every entry reachable from a slot is fully written. Chains are followed only
 * towards strictly smaller entry numbers inside the file, so a reader always terminates and never leaves the file,
 * even on a damaged file.
 *
 * <p>Truncation never rewrites an entry's offset or link: it unlinks entries from their slots and marks them with a
 * tombstone hash, and their numbers are never reused, so a reader that is already standing on such an entry reads
 * consistent old values and continues along a valid chain.
 */
public final class IndexFile {
    /** Release/acquire access to slot ints; byte order matches the buffer's (big-endian) plain accesses. */
    private static final VarHandle SLOT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** Suffix of a file still being preallocated; such a file is never opened, and is removed on load. */
    static final String TEMP_SUFFIX = ".tmp";

    private final Path path;
    private final MappedByteBuffer buffer;
    private final int hashSlotCount;
    private final int entryCapacity;
    private final long beginTimestamp;

    // Mirrors of header fields. Readers use these instead of the mapping, so only slots and entries are shared
    // through the buffer. Writes happen on the single writer thread.
    private volatile long endTimestamp;
    private volatile long beginPhysicalOffset;
    private volatile long endPhysicalOffset;
    private volatile int indexCount;
    private volatile long lastIndexedOffset;
    private volatile boolean dirty;

    private IndexFile(Path path, MappedByteBuffer buffer, int hashSlotCount, int entryCapacity) {
        this.path = path;
        this.buffer = buffer;
        this.hashSlotCount = hashSlotCount;
        this.entryCapacity = entryCapacity;
        this.beginTimestamp = buffer.getLong(BEGIN_TIMESTAMP);
        this.endTimestamp = buffer.getLong(END_TIMESTAMP);
        this.beginPhysicalOffset = buffer.getLong(BEGIN_PHYSICAL_OFFSET);
        this.endPhysicalOffset = buffer.getLong(END_PHYSICAL_OFFSET);
        this.indexCount = buffer.getInt(INDEX_COUNT);
        this.lastIndexedOffset = buffer.getLong(LAST_INDEXED_OFFSET);
    }

    /**
     * Creates a new, empty index file. The file is first written in full with zeros through the channel and forced,
     * so the disk blocks exist before anything is written through the mapping (a full disk then fails here with an
     * IOException instead of a SIGBUS later). It is built under a temporary name and renamed when complete, so a
     * crash never leaves a half-written file under an index file name.
     *
     * @param entries number of 20-byte entries, entry 0 (reserved) included; {@code entries - 1} are usable
     */
    public static IndexFile create(Path file, int slots, int entries, long beginTimestamp) throws IOException {
        IndexFileDescriptor.validateGeometry(slots, entries);
        if (Files.exists(file)) {
            throw new IOException("index file already exists: " + file);
        }
        long size = IndexFileDescriptor.fileSize(slots, entries);
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        MappedByteBuffer buffer;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ZeroFill.write(channel, 0, size);
                channel.force(true);
                buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            }
            buffer.putLong(BEGIN_TIMESTAMP, beginTimestamp);
            buffer.putLong(END_TIMESTAMP, beginTimestamp);
            buffer.putLong(BEGIN_PHYSICAL_OFFSET, NO_OFFSET);
            buffer.putLong(END_PHYSICAL_OFFSET, NO_OFFSET);
            buffer.putInt(HASH_SLOT_COUNT, slots);
            buffer.putInt(INDEX_COUNT, FIRST_ENTRY);
            buffer.putLong(LAST_INDEXED_OFFSET, NO_OFFSET);
            buffer.putInt(ENTRY_CAPACITY, entries);
            buffer.putInt(MAGIC, MAGIC_VALUE);
            buffer.force();
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new IndexFile(file, buffer, slots, entries);
    }

    /** Maps an existing index file after checking that its header describes a file of exactly its size. */
    public static IndexFile open(Path file) throws IOException {
        MappedByteBuffer buffer;
        int slots;
        int entries;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size < HEADER_SIZE) {
                throw new IOException("index file " + file + " is too short for a header: " + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    throw new IOException("index file " + file + " ended inside its header");
                }
            }
            int magic = header.getInt(MAGIC);
            slots = header.getInt(HASH_SLOT_COUNT);
            entries = header.getInt(ENTRY_CAPACITY);
            int count = header.getInt(INDEX_COUNT);
            if (magic != MAGIC_VALUE) {
                throw new IOException("index file " + file + " has a bad magic number: 0x" + Integer.toHexString(magic));
            }
            try {
                IndexFileDescriptor.validateGeometry(slots, entries);
            } catch (IllegalArgumentException e) {
                throw new IOException("index file " + file + " has a bad header: " + e.getMessage(), e);
            }
            long expected = IndexFileDescriptor.fileSize(slots, entries);
            if (size != expected) {
                throw new IOException("index file " + file + " is " + size + " bytes but its header (" + slots
                        + " slots, " + entries + " entries) requires " + expected);
            }
            if (count < FIRST_ENTRY || count > entries) {
                throw new IOException("index file " + file + " has index count " + count + " outside [1, "
                        + entries + "]");
            }
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        return new IndexFile(file, buffer, slots, entries);
    }

    public boolean isFull() {
        return indexCount >= entryCapacity;
    }

    /**
     * Adds one entry. Returns false, writing nothing, when the file is full or when the store time lies too far from
     * the file's begin timestamp for an int of milliseconds (about 24.8 days either way); the caller then starts a
     * new file. That is what makes millisecond time differences fit.
     */
    public boolean add(String indexKey, long commitLogOffset, long storeTimestamp) {
        int entry = indexCount;
        if (entry >= entryCapacity) {
            return false;
        }
        long diff = storeTimestamp - beginTimestamp;
        if (diff < Integer.MIN_VALUE || diff > Integer.MAX_VALUE) {
            return false;
        }
        int keyHash = IndexFileDescriptor.keyHash(indexKey);
        int slotPosition = IndexFileDescriptor.slotPosition(keyHash % hashSlotCount);
        int previous = (int) SLOT.getAcquire(buffer, slotPosition);
        if (storeTimestamp > endTimestamp) {
            // Widened before the entry is visible, so a reader that finds the entry also sees a range covering it.
            endTimestamp = storeTimestamp;
            buffer.putLong(END_TIMESTAMP, storeTimestamp);
        }
        int position = IndexFileDescriptor.entryPosition(hashSlotCount, entry);
        buffer.putInt(position + ENTRY_KEY_HASH, keyHash);
        buffer.putLong(position + ENTRY_COMMIT_LOG_OFFSET, commitLogOffset);
        buffer.putInt(position + ENTRY_TIME_DIFF, (int) diff);
        buffer.putInt(position + ENTRY_PREVIOUS, previous);
        SLOT.setRelease(buffer, slotPosition, entry);

        indexCount = entry + 1;
        buffer.putInt(INDEX_COUNT, entry + 1);
        if (beginPhysicalOffset == NO_OFFSET) {
            beginPhysicalOffset = commitLogOffset;
            buffer.putLong(BEGIN_PHYSICAL_OFFSET, commitLogOffset);
        }
        endPhysicalOffset = commitLogOffset;
        buffer.putLong(END_PHYSICAL_OFFSET, commitLogOffset);
        dirty = true;
        return true;
    }

    /**
     * Walks the chain of the key's slot, newest entry first, and hands the commit log offset of every entry whose
     * hash matches and whose store time lies in [begin, end] to the visitor. Hash collisions are passed on: the
     * caller checks candidates exactly.
     *
     * @param visitor returns false to stop the walk
     * @return false if the visitor stopped the walk, true if the chain was exhausted
     */
    public boolean collect(String indexKey, long begin, long end, LongPredicate visitor) {
        int keyHash = IndexFileDescriptor.keyHash(indexKey);
        int entry = (int) SLOT.getAcquire(buffer, IndexFileDescriptor.slotPosition(keyHash % hashSlotCount));
        int bound = entryCapacity;
        while (entry > NULL_ENTRY && entry < bound) {
            int position = IndexFileDescriptor.entryPosition(hashSlotCount, entry);
            if (buffer.getInt(position + ENTRY_KEY_HASH) == keyHash) {
                long storeTimestamp = beginTimestamp + buffer.getInt(position + ENTRY_TIME_DIFF);
                if (storeTimestamp >= begin && storeTimestamp <= end
                        && !visitor.test(buffer.getLong(position + ENTRY_COMMIT_LOG_OFFSET))) {
                    return false;
                }
            }
            // Links always point to older (smaller) entries; anything else ends the walk.
            bound = entry;
            entry = buffer.getInt(position + ENTRY_PREVIOUS);
        }
        return true;
    }

    /**
     * Undoes every live entry whose commit log offset is {@code >= commitLogOffset}. Live entries are in offset
     * order, so they are the newest live ones; each is still the head of its slot when reached newest first, so
     * pointing the slot at the entry's predecessor unlinks it exactly. The entry is then tombstoned, and its number
     * is not reused (see the class comment).
     *
     * @return true if any entry was undone
     */
    boolean truncateFrom(long commitLogOffset) {
        boolean changed = false;
        int entry = indexCount - 1;
        for (; entry >= FIRST_ENTRY; entry--) {
            int position = IndexFileDescriptor.entryPosition(hashSlotCount, entry);
            int keyHash = buffer.getInt(position + ENTRY_KEY_HASH);
            if (keyHash == TOMBSTONE_HASH) {
                continue;
            }
            if (buffer.getLong(position + ENTRY_COMMIT_LOG_OFFSET) < commitLogOffset) {
                break;
            }
            int slotPosition = IndexFileDescriptor.slotPosition(keyHash % hashSlotCount);
            SLOT.setRelease(buffer, slotPosition, buffer.getInt(position + ENTRY_PREVIOUS));
            buffer.putInt(position + ENTRY_KEY_HASH, TOMBSTONE_HASH);
            changed = true;
        }
        if (changed) {
            recomputeRanges(entry);
            dirty = true;
        }
        return changed;
    }

    /** Re-derives the header ranges from the live entries at or below {@code newestCandidate}. */
    private void recomputeRanges(int newestCandidate) {
        long newestOffset = NO_OFFSET;
        long oldestOffset = NO_OFFSET;
        long latestTimestamp = beginTimestamp;
        for (int entry = newestCandidate; entry >= FIRST_ENTRY; entry--) {
            int position = IndexFileDescriptor.entryPosition(hashSlotCount, entry);
            if (buffer.getInt(position + ENTRY_KEY_HASH) == TOMBSTONE_HASH) {
                continue;
            }
            long offset = buffer.getLong(position + ENTRY_COMMIT_LOG_OFFSET);
            if (newestOffset == NO_OFFSET) {
                newestOffset = offset;
            }
            oldestOffset = offset;
            latestTimestamp = Math.max(latestTimestamp, beginTimestamp + buffer.getInt(position + ENTRY_TIME_DIFF));
        }
        beginPhysicalOffset = oldestOffset;
        endPhysicalOffset = newestOffset;
        endTimestamp = latestTimestamp;
        buffer.putLong(BEGIN_PHYSICAL_OFFSET, oldestOffset);
        buffer.putLong(END_PHYSICAL_OFFSET, newestOffset);
        buffer.putLong(END_TIMESTAMP, latestTimestamp);
    }

    /** Records the re-dispatch watermark in the header; it reaches disk with the mapping. */
    void setLastIndexedOffset(long offset) {
        lastIndexedOffset = offset;
        buffer.putLong(LAST_INDEXED_OFFSET, offset);
        dirty = true;
    }

    /** Forces the mapping to disk if anything changed since the last flush. */
    public void flush() {
        if (dirty) {
            // Cleared first: a write racing with force() sets it again and is caught by the next flush.
            dirty = false;
            buffer.force();
        }
    }

    public Path path() {
        return path;
    }

    public long beginTimestamp() {
        return beginTimestamp;
    }

    public long endTimestamp() {
        return endTimestamp;
    }

    /** Commit log offset of the oldest live entry, -1 when the file has none. */
    public long beginPhysicalOffset() {
        return beginPhysicalOffset;
    }

    /** Commit log offset of the newest live entry, -1 when the file has none. */
    public long endPhysicalOffset() {
        return endPhysicalOffset;
    }

    public int hashSlotCount() {
        return hashSlotCount;
    }

    /** Next entry number; entries 1 .. indexCount-1 have been written (some may be tombstoned by truncation). */
    public int indexCount() {
        return indexCount;
    }

    /** Number of entries in the file, the reserved entry 0 included. */
    public int entryCapacity() {
        return entryCapacity;
    }

    /** Commit log offset of the last record indexed as recorded in this file, -1 when none. */
    public long lastIndexedOffset() {
        return lastIndexedOffset;
    }

    @Override
    public String toString() {
        return "IndexFile[" + path + ", entries " + (indexCount - FIRST_ENTRY) + "/" + (entryCapacity - FIRST_ENTRY)
                + ", offsets " + beginPhysicalOffset + ".." + endPhysicalOffset + "]";
    }
}
