package io.capsulemq.broker.remoting.protocol;

/**
 * RocketMQ's binary header layout ({@link SerializeType#ROCKETMQ}) in one place. All integers are big-endian,
 * strings UTF-8.
 *
 * <pre>
 * offset 0   short  code (signed: codes above 32767 cannot be carried)
 * offset 2   byte   language ({@link LanguageCode#code()})
 * offset 3   short  version
 * offset 5   int    opaque
 * offset 9   int    flag
 * offset 13  int    remark length n (0 = no remark), then n bytes of remark
 * then       int    extFields length m, then m bytes of entries, each:
 *                   short key length, key bytes, int value length, value bytes
 * </pre>
 *
 * A zero-length string is how the layout says "absent": RocketMQ reads an empty remark, key or value as null.
 */
public final class BinaryHeaderDescriptor {
    public static final int CODE_OFFSET = 0;
    public static final int LANGUAGE_OFFSET = 2;
    public static final int VERSION_OFFSET = 3;
    public static final int OPAQUE_OFFSET = 5;
    public static final int FLAG_OFFSET = 9;
    public static final int REMARK_LENGTH_OFFSET = 13;
    /** Where the remark's bytes start; the extFields length follows them. */
    public static final int REMARK_OFFSET = 17;

    public static final int EXT_FIELDS_LENGTH_SIZE = 4;
    public static final int KEY_LENGTH_SIZE = 2;
    public static final int VALUE_LENGTH_SIZE = 4;

    /** The smallest header: fixed fields, an empty remark and no extFields. */
    public static final int MIN_HEADER_LENGTH = REMARK_OFFSET + EXT_FIELDS_LENGTH_SIZE;

    /** The largest key the short length can carry. */
    public static final int MAX_KEY_LENGTH = Short.MAX_VALUE;

    private BinaryHeaderDescriptor() {
    }
}
