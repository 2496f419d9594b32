package io.capsulemq.broker.store.index;

/**
 * Byte layout of one index file, kept in one place so that no other class carries offsets or sizes.
 *
 * <pre>
 * header (56 bytes)
 *   0  beginTimestamp       long  store time of the file's first record; base of every entry's time difference
 *   8  endTimestamp         long  latest store time among the file's live entries
 *  16  beginPhysicalOffset  long  commit log offset of the oldest live entry, -1 when none
 *  24  endPhysicalOffset    long  commit log offset of the newest live entry, -1 when none
 *  32  hashSlotCount        int
 *  36  indexCount           int   next entry number; entry 0 is the reserved "null" entry so it starts at 1
 *  --- the 40 bytes above are the classic header; the extension below makes a file self-describing ---
 *  40  lastIndexedOffset    long  commit log offset of the last record indexed (the re-dispatch watermark)
 *  48  entryCapacity        int   number of 20-byte entries in the file, entry 0 included
 *  52  magic                int   tells an index file from garbage of the right size
 * hash slots: hashSlotCount ints, each the number of the newest entry hashed to that slot (0 = none)
 * entries: entryCapacity entries of 20 bytes
 *   0  keyHash          int   non-negative hash of the index key; TOMBSTONE_HASH marks an entry undone by truncation
 *   4  commitLogOffset  long
 *  12  timeDiffMillis   int   store time minus beginTimestamp in milliseconds
 *  16  previousEntry    int   next older entry of the same slot (0 = end of chain)
 * </pre>
 *
 * All ints in the slot table sit on 4-byte boundaries (the header is a multiple of 8), which the release/acquire
 * accesses on slots need.
 */
final class IndexFileDescriptor {
    static final int BEGIN_TIMESTAMP = 0;
    static final int END_TIMESTAMP = 8;
    static final int BEGIN_PHYSICAL_OFFSET = 16;
    static final int END_PHYSICAL_OFFSET = 24;
    static final int HASH_SLOT_COUNT = 32;
    static final int INDEX_COUNT = 36;
    static final int LAST_INDEXED_OFFSET = 40;
    static final int ENTRY_CAPACITY = 48;
    static final int MAGIC = 52;
    static final int HEADER_SIZE = 56;

    /** "CIDX": Capsule index. */
    static final int MAGIC_VALUE = 0x43494458;

    static final int SLOT_SIZE = Integer.BYTES;

    static final int ENTRY_KEY_HASH = 0;
    static final int ENTRY_COMMIT_LOG_OFFSET = 4;
    static final int ENTRY_TIME_DIFF = 12;
    static final int ENTRY_PREVIOUS = 16;
    static final int ENTRY_SIZE = 20;

    /** Entry number meaning "no entry": ends chains and marks empty slots. */
    static final int NULL_ENTRY = 0;
    /** First usable entry number, because entry 0 is the reserved null entry. */
    static final int FIRST_ENTRY = 1;
    /** Key hashes are non-negative, so a negative one can never match a query. */
    static final int TOMBSTONE_HASH = -1;
    /** Offsets of an index file holding no live entry. */
    static final long NO_OFFSET = -1L;

    private IndexFileDescriptor() {
    }

    /** Non-negative hash of a full index key ({@code topic#key}); String.hashCode is fixed by the language spec. */
    static int keyHash(String indexKey) {
        return indexKey.hashCode() & 0x7fffffff;
    }

    static long fileSize(int hashSlotCount, int entryCapacity) {
        return HEADER_SIZE + (long) hashSlotCount * SLOT_SIZE + (long) entryCapacity * ENTRY_SIZE;
    }

    static int slotPosition(int slot) {
        return HEADER_SIZE + slot * SLOT_SIZE;
    }

    static int entryPosition(int hashSlotCount, int entry) {
        return HEADER_SIZE + hashSlotCount * SLOT_SIZE + entry * ENTRY_SIZE;
    }

    /**
     * Checks a geometry before any file is written: a file must hold at least one usable entry and fit one mapping.
     */
    static void validateGeometry(int hashSlotCount, int entryCapacity) {
        if (hashSlotCount <= 0) {
            throw new IllegalArgumentException("hashSlotCount must be positive: " + hashSlotCount);
        }
        if (entryCapacity <= FIRST_ENTRY) {
            throw new IllegalArgumentException(
                    "entryCapacity must be at least 2 (entry 0 is reserved): " + entryCapacity);
        }
        if (fileSize(hashSlotCount, entryCapacity) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index file of " + hashSlotCount + " slots and " + entryCapacity
                    + " entries exceeds one mapping (2 GiB)");
        }
    }
}
