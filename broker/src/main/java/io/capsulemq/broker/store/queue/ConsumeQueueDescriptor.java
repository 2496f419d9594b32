package io.capsulemq.broker.store.queue;

import java.util.OptionalLong;

/**
 * The on-disk layout of a consume queue in one place: fixed 20-byte big-endian entries
 * (commitLogOffset long, size int, tagsCode long) and segment files named after their first queue offset.
 */
public final class ConsumeQueueDescriptor {
    /** Bytes per entry; entry n of the logical queue starts at byte n * ENTRY_SIZE. */
    public static final int ENTRY_SIZE = 20;
    public static final int COMMIT_LOG_OFFSET_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;
    public static final int TAGS_CODE_OFFSET = 12;

    /** Segment file names are the first queue offset zero-padded to this many digits, so they sort by name. */
    public static final int FILE_NAME_DIGITS = 20;

    /** Largest segment whose byte size still fits an int (a single mapping is limited to 2 GiB). */
    public static final int MAX_ENTRIES_PER_SEGMENT = Integer.MAX_VALUE / ENTRY_SIZE;

    private static final String FILE_NAME_FORMAT = "%0" + FILE_NAME_DIGITS + "d";

    private ConsumeQueueDescriptor() {
    }

    /** The file name of the segment whose first entry is {@code firstQueueOffset}. */
    public static String fileName(long firstQueueOffset) {
        if (firstQueueOffset < 0) {
            throw new IllegalArgumentException("first queue offset must not be negative: " + firstQueueOffset);
        }
        return String.format(FILE_NAME_FORMAT, firstQueueOffset);
    }

    /** The first queue offset a segment file name stands for, or empty if the name is not a segment's. */
    public static OptionalLong parseFileName(String name) {
        if (name == null || name.length() != FILE_NAME_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(name));
        } catch (NumberFormatException tooLarge) {
            // 20 digits can exceed Long.MAX_VALUE; such a name was never written by us.
            return OptionalLong.empty();
        }
    }

    /** Byte size of one segment file; refuses counts whose size would not fit a single mapping. */
    public static int segmentBytes(int entriesPerSegment) {
        if (entriesPerSegment <= 0 || entriesPerSegment > MAX_ENTRIES_PER_SEGMENT) {
            throw new IllegalArgumentException("entriesPerSegment must be in [1, " + MAX_ENTRIES_PER_SEGMENT
                    + "]: " + entriesPerSegment);
        }
        return entriesPerSegment * ENTRY_SIZE;
    }

    /** Byte position of a slot inside its segment. */
    public static int slotPosition(int slot) {
        return slot * ENTRY_SIZE;
    }
}
