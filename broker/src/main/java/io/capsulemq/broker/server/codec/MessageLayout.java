package io.capsulemq.broker.server.codec;

/**
 * The two message layouts of RocketMQ's protocol, big-endian; every offset and size into them is named here and
 * nowhere else.
 *
 * <p><b>Stored message</b>, as RocketMQ's broker returns messages in pull, pop, query and view bodies and in a
 * transaction check-back, one after another (the client reads them with its {@code MessageDecoder}). Version 1,
 * whose topic length is one byte, is the one written: topic names are at most 127 characters.
 * <pre>
 *  0 total size           int    the whole message, these 4 bytes included
 *  4 magic code           int    {@link #MAGIC_V1}
 *  8 body CRC             int    CRC32 of the body, top bit cleared
 * 12 queue id             int
 * 16 flag                 int
 * 20 queue offset         long
 * 28 commit log offset    long
 * 36 sys flag             int    bit 4: born host is IPv6, bit 5: store host is IPv6
 * 40 born timestamp       long
 * 48 born host            4 or 16 bytes, then its port (int)
 *  . store timestamp      long
 *  . store host           4 or 16 bytes, then its port (int)
 *  . reconsume times      int
 *  . prepared tx offset   long
 *  . body                 int length, then the bytes
 *  . topic                1-byte length, then the bytes
 *  . properties           2-byte length (signed), then {@code name\u0001value\u0002...} as UTF-8
 * </pre>
 *
 * <p><b>Batch entry</b>, as a producer packs the messages of a batch send in the request body, one after another:
 * <pre>
 *  0 total size  int
 *  4 magic code  int    0, not checked
 *  8 body CRC    int    0, not checked
 * 12 flag        int
 * 16 body        int length, then the bytes
 *  . properties  2-byte length, then the bytes
 * </pre>
 */
public final class MessageLayout {
    /** Magic code of a version 1 stored message. */
    public static final int MAGIC_V1 = -626843481;
    /** Magic code of a version 2 stored message (2-byte topic length); read by clients, not written here. */
    public static final int MAGIC_V2 = -626843477;

    public static final int BORN_HOST_V6_FLAG = 1 << 4;
    public static final int STORE_HOST_V6_FLAG = 1 << 5;

    /** Fixed part of a stored message: every field but the two hosts and the variable-length ones. */
    static final int STORED_FIXED_LENGTH = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 4 + 8 + 4 + 4 + 8 + 4 + 1 + 2;
    static final int MAX_TOPIC_LENGTH_V1 = Byte.MAX_VALUE;
    static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    static final int BATCH_TOTAL_SIZE_OFFSET = 0;
    static final int BATCH_FLAG_OFFSET = 12;
    static final int BATCH_BODY_LENGTH_OFFSET = 16;
    static final int BATCH_BODY_OFFSET = 20;
    static final int BATCH_PROPERTIES_LENGTH_SIZE = 2;
    /** A batch entry with an empty body and no properties. */
    static final int BATCH_MIN_LENGTH = BATCH_BODY_OFFSET + BATCH_PROPERTIES_LENGTH_SIZE;

    private MessageLayout() {
    }

    /** Length of a stored message with these parts. */
    static int storedLength(int bornAddressLength, int storeAddressLength, int bodyLength, int topicLength,
                            int propertiesLength) {
        return STORED_FIXED_LENGTH + bornAddressLength + storeAddressLength + bodyLength + topicLength
                + propertiesLength;
    }

    /** Length of a batch entry with these parts. */
    static int batchEntryLength(int bodyLength, int propertiesLength) {
        return BATCH_MIN_LENGTH + bodyLength + propertiesLength;
    }
}
