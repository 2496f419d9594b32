package io.capsulemq.broker.engine.timer;

/**
 * The layout of the wheel file, big-endian: a header, then one 32-byte slot per wheel slot. Slot {@code i} holds the
 * chain of wheel time {@code t} with {@code t mod slots == i}. A file of zeros is an empty wheel.
 *
 * <pre>
 * header (64 bytes)
 *  0 magic            int
 *  4 version          int
 *  8 slot count       int
 * 16 precision millis long
 * slot (32 bytes, at HEADER_SIZE + i * SLOT_SIZE; never spans a 512-byte sector)
 *  0 slot time        long  the wheel time whose entries the chain holds (0: empty)
 *  8 head             long  timer log position of the newest entry (0: none)
 * 16 count            int   entries in the chain
 * 20 unused           int
 * 24 last position    long  timer log position of the last record applied to this slot; written last, so a slot
 *                           torn by a crash shows an older position and recovery applies that record again
 * </pre>
 */
final class WheelDescriptor {
    static final int MAGIC = 0xCA95_3EE1;
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int SLOT_COUNT_OFFSET = 8;
    static final int PRECISION_OFFSET = 16;

    static final int SLOT_SIZE = 32;
    static final int SLOT_TIME_OFFSET = 0;
    static final int HEAD_OFFSET = 8;
    static final int COUNT_OFFSET = 16;
    static final int LAST_POSITION_OFFSET = 24;

    /** Largest wheel whose file fits one mapping. */
    static final int MAX_SLOTS = (Integer.MAX_VALUE - HEADER_SIZE) / SLOT_SIZE;

    static final String FILE_NAME = "wheel";

    private WheelDescriptor() {
    }

    static long fileSize(int slots) {
        return HEADER_SIZE + (long) slots * SLOT_SIZE;
    }

    static int slotPosition(int index) {
        return HEADER_SIZE + index * SLOT_SIZE;
    }
}
