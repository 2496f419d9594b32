package io.capsulemq.broker.remoting.protocol;

/**
 * The frame layout in one place. All integers are big-endian.
 *
 * <pre>
 * offset 0  int   frame length: the bytes that follow this field (4 + header length + body length)
 * offset 4  int   header info: serialize type in the top byte, header length in the low 24 bits
 * offset 8  ...   header (JSON or binary, header-length bytes), then the body (the rest of the frame)
 * </pre>
 */
public final class FrameDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int LENGTH_SIZE = 4;
    public static final int HEADER_INFO_OFFSET = 4;
    public static final int HEADER_INFO_SIZE = 4;
    public static final int HEADER_OFFSET = HEADER_INFO_OFFSET + HEADER_INFO_SIZE;

    /** The serialize type sits above this bit in the header info int. */
    public static final int SERIALIZE_TYPE_SHIFT = 24;
    /** The largest header length the 24 bits can carry. */
    public static final int MAX_HEADER_LENGTH = 0xFF_FFFF;

    /**
     * Default limit on a whole frame, its length field included, as RocketMQ's decoder counts it (16 MiB, RocketMQ's
     * {@code com.rocketmq.remoting.frameMaxLength} default).
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private FrameDescriptor() {
    }

    /** The header info int for a header of this type and length. */
    public static int headerInfo(SerializeType type, int headerLength) {
        if (headerLength < 0 || headerLength > MAX_HEADER_LENGTH) {
            throw new RemotingProtocolException("header length " + headerLength + " does not fit 24 bits");
        }
        return (type.code() << SERIALIZE_TYPE_SHIFT) | headerLength;
    }

    /** The serialize type byte of a header info int. */
    public static int serializeTypeCode(int headerInfo) {
        return (headerInfo >>> SERIALIZE_TYPE_SHIFT) & 0xFF;
    }

    /** The header length of a header info int. */
    public static int headerLength(int headerInfo) {
        return headerInfo & MAX_HEADER_LENGTH;
    }
}
