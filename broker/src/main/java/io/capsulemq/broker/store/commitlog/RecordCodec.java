package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import io.capsulemq.broker.store.message.TopicNames;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static io.capsulemq.broker.store.commitlog.RecordDescriptor.*;

/**
 * Turns messages into commit log records and back. Encoding happens in two steps so that the slow part (copying
 * body and properties) runs outside the append lock: {@link #encode} fills everything but the offsets and store
 * time, and {@link #seal} writes those and the CRC once the position is known.
 */
public final class RecordCodec {
    private static final byte[] NO_ADDRESS = new byte[HOST_ADDRESS_LENGTH];

    private final int maxMessageSize;
    private final InetSocketAddress storeHost;
    private final byte[] storeAddress;

    public RecordCodec(int maxMessageSize, InetSocketAddress storeHost) {
        this.maxMessageSize = maxMessageSize;
        this.storeHost = storeHost;
        this.storeAddress = storeHost.getAddress().getAddress();
    }

    /**
     * Encodes a message into {@code out} from its position, leaving offsets, store time and CRC to {@link #seal}.
     * Refuses, writing nothing, what the store must not accept.
     */
    public void encode(MessageToStore message, ByteBuffer out) throws RecordRejectedException {
        byte[] topic = message.topic().getBytes(StandardCharsets.US_ASCII);
        byte[] properties = message.encodedProperties();
        byte[] body = message.body();
        checkAcceptable(message, topic, body, properties);

        byte[] bornAddress = message.bornHost().getAddress() == null
                ? NO_ADDRESS : message.bornHost().getAddress().getAddress();
        int sysFlag = message.sysFlag() & ~(MessageSysFlag.BORN_HOST_V6 | MessageSysFlag.STORE_HOST_V6);
        if (bornAddress.length == 16) {
            sysFlag |= MessageSysFlag.BORN_HOST_V6;
        }
        if (storeAddress.length == 16) {
            sysFlag |= MessageSysFlag.STORE_HOST_V6;
        }
        int length = recordLength(body.length, topic.length, properties.length);
        int start = out.position();
        out.putInt(start + TOTAL_SIZE_OFFSET, length)
                .putInt(start + MAGIC_OFFSET, MESSAGE_MAGIC)
                .putInt(start + QUEUE_ID_OFFSET, message.queueId())
                .putInt(start + FLAG_OFFSET, message.flag())
                .putInt(start + SYS_FLAG_OFFSET, sysFlag)
                .putLong(start + BORN_TIMESTAMP_OFFSET, message.bornTimestamp())
                .putInt(start + BORN_PORT_OFFSET, message.bornHost().getPort())
                .putInt(start + STORE_PORT_OFFSET, storeHost.getPort())
                .putInt(start + RECONSUME_TIMES_OFFSET, message.reconsumeTimes())
                .putLong(start + PREPARED_TX_OFFSET_OFFSET, message.preparedTransactionOffset())
                .putLong(start + TAGS_CODE_OFFSET, message.tagsCode())
                .putInt(start + BODY_LENGTH_OFFSET, body.length);
        putAddress(out, start + BORN_HOST_OFFSET, bornAddress);
        putAddress(out, start + STORE_HOST_OFFSET, storeAddress);
        out.position(start + BODY_OFFSET);
        out.put(body);
        out.put((byte) topic.length).put(topic);
        out.putShort((short) properties.length).put(properties);
    }

    /** The encoded length of a message, for sizing buffers; assumes the message is acceptable. */
    public static int encodedLength(MessageToStore message) {
        return recordLength(message.body().length, message.topic().length(), message.encodedProperties().length);
    }

    /** Writes the fields known only under the append lock, then the CRC over the finished record. */
    public static void seal(ByteBuffer buf, int start, long queueOffset, long physicalOffset, long storeTimestamp) {
        buf.putLong(start + QUEUE_OFFSET_OFFSET, queueOffset)
                .putLong(start + PHYSICAL_OFFSET_OFFSET, physicalOffset)
                .putLong(start + STORE_TIMESTAMP_OFFSET, storeTimestamp);
        int length = buf.getInt(start + TOTAL_SIZE_OFFSET);
        buf.putInt(start + CRC_OFFSET, crcOf(buf, start, length));
    }

    /**
     * Decodes the record starting at {@code start} in {@code buf}, which must hold all of it, and checks its magic,
     * CRC and that it sits where it says it does.
     */
    public static StoredMessage decode(ByteBuffer buf, int start, long expectedPhysicalOffset)
            throws CorruptRecordException {
        int length = checkFrame(buf, start, expectedPhysicalOffset);
        int bodyLength = buf.getInt(start + BODY_LENGTH_OFFSET);
        int at = start + BODY_OFFSET;
        byte[] body = new byte[bodyLength];
        buf.get(at, body);
        at += bodyLength;
        int topicLength = Byte.toUnsignedInt(buf.get(at));
        at += TOPIC_LENGTH_SIZE;
        byte[] topic = new byte[topicLength];
        buf.get(at, topic);
        at += topicLength;
        int propertiesLength = Short.toUnsignedInt(buf.getShort(at));
        at += PROPERTIES_LENGTH_SIZE;
        byte[] properties = new byte[propertiesLength];
        buf.get(at, properties);
        int sysFlag = buf.getInt(start + SYS_FLAG_OFFSET);
        return new StoredMessage(
                new String(topic, StandardCharsets.US_ASCII),
                buf.getInt(start + QUEUE_ID_OFFSET),
                buf.getInt(start + FLAG_OFFSET),
                buf.getLong(start + QUEUE_OFFSET_OFFSET),
                buf.getLong(start + PHYSICAL_OFFSET_OFFSET),
                length,
                sysFlag,
                buf.getLong(start + BORN_TIMESTAMP_OFFSET),
                host(buf, start + BORN_HOST_OFFSET, start + BORN_PORT_OFFSET,
                        (sysFlag & MessageSysFlag.BORN_HOST_V6) != 0),
                buf.getLong(start + STORE_TIMESTAMP_OFFSET),
                host(buf, start + STORE_HOST_OFFSET, start + STORE_PORT_OFFSET,
                        (sysFlag & MessageSysFlag.STORE_HOST_V6) != 0),
                buf.getInt(start + RECONSUME_TIMES_OFFSET),
                buf.getLong(start + PREPARED_TX_OFFSET_OFFSET),
                body,
                MessageProperties.decode(new String(properties, StandardCharsets.UTF_8)));
    }

    /**
     * Checks a whole message record in place: magic, length, CRC, position and inner lengths. Returns its length.
     */
    public static int checkFrame(ByteBuffer buf, int start, long expectedPhysicalOffset)
            throws CorruptRecordException {
        int available = buf.limit() - start;
        if (available < FIXED_PART_LENGTH) {
            throw new CorruptRecordException(expectedPhysicalOffset, "only " + available + " bytes, header needs "
                    + FIXED_PART_LENGTH);
        }
        int magic = buf.getInt(start + MAGIC_OFFSET);
        if (magic != MESSAGE_MAGIC) {
            throw new CorruptRecordException(expectedPhysicalOffset, "bad magic 0x" + Integer.toHexString(magic));
        }
        int length = buf.getInt(start + TOTAL_SIZE_OFFSET);
        if (length < FIXED_PART_LENGTH + TOPIC_LENGTH_SIZE + PROPERTIES_LENGTH_SIZE || length > available) {
            throw new CorruptRecordException(expectedPhysicalOffset, "bad length " + length);
        }
        int stored = buf.getInt(start + CRC_OFFSET);
        int computed = crcOf(buf, start, length);
        if (stored != computed) {
            throw new CorruptRecordException(expectedPhysicalOffset, "CRC mismatch (stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(computed) + ")");
        }
        long physical = buf.getLong(start + PHYSICAL_OFFSET_OFFSET);
        if (physical != expectedPhysicalOffset) {
            throw new CorruptRecordException(expectedPhysicalOffset, "record claims offset " + physical);
        }
        int bodyLength = buf.getInt(start + BODY_LENGTH_OFFSET);
        long inner = (long) FIXED_PART_LENGTH + bodyLength + TOPIC_LENGTH_SIZE + PROPERTIES_LENGTH_SIZE;
        if (bodyLength < 0 || inner > length) {
            throw new CorruptRecordException(expectedPhysicalOffset, "bad body length " + bodyLength);
        }
        int topicLength = Byte.toUnsignedInt(buf.get(start + BODY_OFFSET + bodyLength));
        int propertiesAt = start + BODY_OFFSET + bodyLength + TOPIC_LENGTH_SIZE + topicLength;
        if (inner + topicLength > length
                || recordLength(bodyLength, topicLength, Short.toUnsignedInt(buf.getShort(propertiesAt))) != length) {
            throw new CorruptRecordException(expectedPhysicalOffset, "inner lengths do not add up to " + length);
        }
        return length;
    }

    private void checkAcceptable(MessageToStore message, byte[] topic, byte[] body, byte[] properties)
            throws RecordRejectedException {
        String badTopic = TopicNames.problemWith(message.topic());
        if (badTopic != null) {
            throw new RecordRejectedException(PutStatus.MESSAGE_ILLEGAL, badTopic);
        }
        if (message.queueId() < 0) {
            throw new RecordRejectedException(PutStatus.MESSAGE_ILLEGAL, "queue id " + message.queueId()
                    + " is negative");
        }
        if (properties.length > MAX_PROPERTIES_LENGTH) {
            throw new RecordRejectedException(PutStatus.PROPERTIES_SIZE_EXCEEDED, "properties take "
                    + properties.length + " bytes, at most " + MAX_PROPERTIES_LENGTH + " are allowed");
        }
        long size = (long) body.length + properties.length;
        if (size > maxMessageSize) {
            throw new RecordRejectedException(PutStatus.MESSAGE_ILLEGAL, "message of " + size
                    + " bytes (body and properties) exceeds maxMessageSize " + maxMessageSize);
        }
    }

    private static int crcOf(ByteBuffer buf, int start, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(start + length).position(start + CRC_COVERED_FROM));
        return (int) crc.getValue();
    }

    private static void putAddress(ByteBuffer out, int at, byte[] address) {
        out.put(at, address);
        if (address.length < HOST_ADDRESS_LENGTH) {
            out.put(at + address.length, NO_ADDRESS, 0, HOST_ADDRESS_LENGTH - address.length);
        }
    }

    private static InetSocketAddress host(ByteBuffer buf, int addressAt, int portAt, boolean v6) {
        byte[] address = new byte[v6 ? 16 : 4];
        buf.get(addressAt, address);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), buf.getInt(portAt));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + address.length + ": " + Arrays.toString(address), e);
        }
    }
}
