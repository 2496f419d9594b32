package io.capsulemq.client.remote;

/**
 * The byte layouts of messages in RocketMQ's remoting protocol, big-endian; every size and magic number of them is
 * named here and nowhere else.
 *
 * <p>A stored message, as pull and pop answers and transaction checks carry them one after another:
 * <pre>
 *   total size          int    the whole record, these 4 bytes included
 *   magic               int    {@link #MAGIC_V1} (topic length in 1 byte) or {@link #MAGIC_V2} (in 2 bytes)
 *   body crc            int
 *   queue id            int
 *   flag                int
 *   queue offset        long
 *   commit log offset   long
 *   sys flag            int    see the SYS_ constants
 *   born timestamp      long
 *   born host           4 bytes, or 16 when the sys flag says IPv6, then the port as an int
 *   store timestamp     long
 *   store host          4 or 16 bytes, then the port as an int
 *   reconsume times     int
 *   prepared tx offset  long
 *   body length         int, then the body
 *   topic length        1 or 2 bytes (unsigned), then the topic
 *   properties length   2 bytes (unsigned), then the properties: name 0x01 value 0x02 ...
 * </pre>
 *
 * <p>One message of a batch sent with SEND_BATCH_MESSAGE:
 * <pre>
 *   total size int, magic int (0), body crc int (0), flag int, body length int, body,
 *   properties length 2 bytes, properties
 * </pre>
 */
final class WireLayout {
    static final int MAGIC_V1 = -626843481;
    static final int MAGIC_V2 = -626843477;

    static final int SYS_COMPRESSED = 0x1;
    static final int SYS_TRANSACTION_PREPARED = 0x1 << 2;
    static final int SYS_BORN_HOST_V6 = 0x1 << 4;
    static final int SYS_STORE_HOST_V6 = 0x1 << 5;
    static final int SYS_COMPRESSION_TYPE_MASK = 0x7 << 8;
    static final int SYS_COMPRESSION_TYPE_SHIFT = 8;
    /** Compression types in the sys flag; 0 is zlib too, as older clients wrote it. */
    static final int COMPRESSION_ZLIB_LEGACY = 0;
    static final int COMPRESSION_ZLIB = 3;

    static final int IPV4_BYTES = 4;
    static final int IPV6_BYTES = 16;
    /** Total size, magic, body crc, queue id, flag, queue offset, commit log offset, sys flag, born timestamp. */
    static final int BEFORE_BORN_HOST = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8;

    static final int BATCH_ITEM_FIXED = 4 + 4 + 4 + 4 + 4 + 2;
    static final int MAX_PROPERTIES_BYTES = 0xFFFF;

    private WireLayout() {
    }
}
