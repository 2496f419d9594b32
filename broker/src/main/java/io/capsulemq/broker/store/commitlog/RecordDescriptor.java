package io.capsulemq.broker.store.commitlog;

/**
 * The layout of a commit log record, big-endian. Every offset into a record is named here and nowhere else.
 *
 * <pre>
 *   0 total size        int    whole record, these 4 bytes included
 *   4 magic             int    {@link #MESSAGE_MAGIC}, or {@link #BLANK_MAGIC} for the filler ending a segment
 *   8 crc               int    CRC32C of bytes [12, total size)
 *  12 queue id          int
 *  16 flag              int    the producer's flag
 *  20 queue offset      long
 *  28 physical offset   long   this record's own commit log offset (checked on recovery)
 *  36 sys flag          int    see MessageSysFlag
 *  40 born timestamp    long
 *  48 born host         16 bytes (IPv4 in the first 4 unless the sys flag says IPv6)
 *  64 born port         int
 *  68 store timestamp   long
 *  76 store host        16 bytes
 *  92 store port        int
 *  96 reconsume times   int
 * 100 prepared tx offset long
 * 108 tags code         long   what the consume queue keeps for filtering (timed messages: delivery time)
 * 116 body length       int
 * 120 body, then topic length (1 byte, unsigned) and topic (ASCII), then properties length (2 bytes, unsigned)
 *     and properties (UTF-8)
 * </pre>
 */
public final class RecordDescriptor {
    public static final int MESSAGE_MAGIC = 0xCA95_0001;
    /** Fills the rest of a segment when the next record does not fit. */
    public static final int BLANK_MAGIC = 0xCA95_0B1A;

    public static final int TOTAL_SIZE_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    public static final int QUEUE_ID_OFFSET = 12;
    public static final int FLAG_OFFSET = 16;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int PHYSICAL_OFFSET_OFFSET = 28;
    public static final int SYS_FLAG_OFFSET = 36;
    public static final int BORN_TIMESTAMP_OFFSET = 40;
    public static final int BORN_HOST_OFFSET = 48;
    public static final int BORN_PORT_OFFSET = 64;
    public static final int STORE_TIMESTAMP_OFFSET = 68;
    public static final int STORE_HOST_OFFSET = 76;
    public static final int STORE_PORT_OFFSET = 92;
    public static final int RECONSUME_TIMES_OFFSET = 96;
    public static final int PREPARED_TX_OFFSET_OFFSET = 100;
    public static final int TAGS_CODE_OFFSET = 108;
    public static final int BODY_LENGTH_OFFSET = 116;
    public static final int BODY_OFFSET = 120;

    /** Bytes covered by the CRC start here. */
    public static final int CRC_COVERED_FROM = QUEUE_ID_OFFSET;
    public static final int HOST_ADDRESS_LENGTH = 16;
    public static final int FIXED_PART_LENGTH = BODY_OFFSET;
    public static final int TOPIC_LENGTH_SIZE = 1;
    public static final int PROPERTIES_LENGTH_SIZE = 2;
    public static final int MAX_TOPIC_LENGTH = 0xFF;
    public static final int MAX_PROPERTIES_LENGTH = 0xFFFF;
    /** A blank filler is just total size and magic; every segment keeps room for one. */
    public static final int BLANK_LENGTH = 8;

    private RecordDescriptor() {
    }

    public static int recordLength(int bodyLength, int topicLength, int propertiesLength) {
        return FIXED_PART_LENGTH + bodyLength + TOPIC_LENGTH_SIZE + topicLength + PROPERTIES_LENGTH_SIZE
                + propertiesLength;
    }
}
