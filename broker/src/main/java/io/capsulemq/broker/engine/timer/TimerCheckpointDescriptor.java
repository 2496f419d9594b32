package io.capsulemq.broker.engine.timer;

/**
 * The layout of the timer checkpoint file, big-endian: two slots in separate 512-byte sectors, written alternately
 * in place; the intact one with the higher sequence wins.
 *
 * <pre>
 *  0 magic          int
 *  4 version        int
 *  8 sequence       long
 * 16 read offset    long  next timer queue offset to schedule
 * 24 log end        long  timer log position up to which log and wheel were forced
 * 32 fired slot     long  every slot time below this is done
 * 40 fire horizon   long  no slot time at or above this was ever fired from
 * 48 pending        long  entries waiting in the wheel
 * 56 timestamp      long  wall clock when written
 * 64 crc            int   CRC32C of bytes [0, 64)
 * </pre>
 */
final class TimerCheckpointDescriptor {
    static final String FILE_NAME = "checkpoint";
    static final int MAGIC = 0xCA95_71C7;
    static final int VERSION = 1;
    static final int SLOT_STRIDE = 512;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 8;
    static final int READ_OFFSET_OFFSET = 16;
    static final int LOG_END_OFFSET = 24;
    static final int FIRED_SLOT_OFFSET = 32;
    static final int FIRE_HORIZON_OFFSET = 40;
    static final int PENDING_OFFSET = 48;
    static final int TIMESTAMP_OFFSET = 56;
    static final int CRC_OFFSET = 64;
    static final int SLOT_LENGTH = 68;

    private TimerCheckpointDescriptor() {
    }
}
