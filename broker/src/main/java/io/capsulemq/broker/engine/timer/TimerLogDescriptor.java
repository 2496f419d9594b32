package io.capsulemq.broker.engine.timer;

import java.util.OptionalLong;

/**
 * The layout of the timer log, big-endian. Every offset into a record is named here and nowhere else.
 *
 * <p>The log is a sequence of fixed 64-byte records in segment files of equal size, each named after the log
 * position of its first byte (20 digits). The first record of each segment is a {@link #SEGMENT_START}, so position
 * 0 never holds an entry and serves as "no record". Records never span segments, and each lies inside one 512-byte
 * sector.
 *
 * <pre>
 *  0 crc           int   CRC32C of bytes [4, 64)
 *  4 kind          int   SEGMENT_START, SCHEDULE, ROLL or SLOT_DONE (the high half is a magic number)
 *  8 count         int   SCHEDULE/ROLL: the slot's entry count after this one; SLOT_DONE: the count it removed
 * 12 record size   int   the timer record's size in the commit log (0 for markers)
 * 16 position      long  this record's own log position: stale bytes from before a truncation fail it
 * 24 slot time     long  the wheel time (epoch millis / precision) whose slot holds it; SEGMENT_START: the
 *                        highest slot time of any entry in the previous segment (-1 if none)
 * 32 previous      long  SCHEDULE/ROLL: position of the slot's previous head (0: none)
 * 40 commit log offset long  the timer record in the commit log
 * 48 queue offset  long  the timer record in the timer topic's queue
 * 56 due millis    long  when it is due, epoch milliseconds
 * </pre>
 */
final class TimerLogDescriptor {
    static final int RECORD_SIZE = 64;

    static final int CRC_OFFSET = 0;
    static final int KIND_OFFSET = 4;
    static final int COUNT_OFFSET = 8;
    static final int RECORD_SIZE_OFFSET = 12;
    static final int POSITION_OFFSET = 16;
    static final int SLOT_TIME_OFFSET = 24;
    static final int PREVIOUS_OFFSET = 32;
    static final int COMMIT_LOG_OFFSET_OFFSET = 40;
    static final int QUEUE_OFFSET_OFFSET = 48;
    static final int DUE_OFFSET = 56;
    static final int CRC_COVERED_FROM = KIND_OFFSET;

    private static final int KIND_MAGIC = 0xCA95_0000;
    /** Opens a segment; its slot time is the previous segment's highest entry slot time. */
    static final int SEGMENT_START = KIND_MAGIC | 1;
    /** A timer record read from the timer queue and put in a slot. */
    static final int SCHEDULE = KIND_MAGIC | 2;
    /** An entry moved on from a slot that came round before it was due. */
    static final int ROLL = KIND_MAGIC | 3;
    /** A slot whose due entries were all fired and the rest moved on; it is empty afterwards. */
    static final int SLOT_DONE = KIND_MAGIC | 4;

    /** Names no record: position 0 always holds the first segment's start. */
    static final long NO_RECORD = 0;

    static final int FILE_NAME_DIGITS = 20;
    private static final String FILE_NAME_FORMAT = "%0" + FILE_NAME_DIGITS + "d";

    private TimerLogDescriptor() {
    }

    static boolean isEntry(int kind) {
        return kind == SCHEDULE || kind == ROLL;
    }

    static boolean isKnownKind(int kind) {
        return kind == SEGMENT_START || kind == SCHEDULE || kind == ROLL || kind == SLOT_DONE;
    }

    static String fileName(long basePosition) {
        return String.format(FILE_NAME_FORMAT, basePosition);
    }

    /** The base position a segment file name stands for, or empty if the name is not a segment's. */
    static OptionalLong parseFileName(String name) {
        if (name.length() != FILE_NAME_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(name));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
