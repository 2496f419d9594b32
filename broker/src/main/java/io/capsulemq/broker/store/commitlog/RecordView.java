package io.capsulemq.broker.store.commitlog;

import io.capsulemq.broker.store.message.MessageProperties;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.capsulemq.broker.store.commitlog.RecordDescriptor.*;

/**
 * A flyweight over a checked record in a buffer: reads the few fields the dispatcher needs without copying the
 * body. Wrap it again for the next record.
 */
public final class RecordView {
    private ByteBuffer buf;
    private int start;

    public RecordView wrap(ByteBuffer buffer, int recordStart) {
        this.buf = buffer;
        this.start = recordStart;
        return this;
    }

    public int length() {
        return buf.getInt(start + TOTAL_SIZE_OFFSET);
    }

    public int queueId() {
        return buf.getInt(start + QUEUE_ID_OFFSET);
    }

    public long queueOffset() {
        return buf.getLong(start + QUEUE_OFFSET_OFFSET);
    }

    public long physicalOffset() {
        return buf.getLong(start + PHYSICAL_OFFSET_OFFSET);
    }

    public long storeTimestamp() {
        return buf.getLong(start + STORE_TIMESTAMP_OFFSET);
    }

    public long tagsCode() {
        return buf.getLong(start + TAGS_CODE_OFFSET);
    }

    public int sysFlag() {
        return buf.getInt(start + SYS_FLAG_OFFSET);
    }

    public String topic() {
        int at = topicLengthAt();
        byte[] topic = new byte[Byte.toUnsignedInt(buf.get(at))];
        buf.get(at + TOPIC_LENGTH_SIZE, topic);
        return new String(topic, StandardCharsets.US_ASCII);
    }

    public Map<String, String> properties() {
        return MessageProperties.decode(encodedProperties());
    }

    /** The properties as stored, undecoded: cheaper when only one or two are wanted ({@link MessageProperties#find}). */
    public String encodedProperties() {
        int topicLengthAt = topicLengthAt();
        int at = topicLengthAt + TOPIC_LENGTH_SIZE + Byte.toUnsignedInt(buf.get(topicLengthAt));
        byte[] properties = new byte[Short.toUnsignedInt(buf.getShort(at))];
        buf.get(at + PROPERTIES_LENGTH_SIZE, properties);
        return new String(properties, StandardCharsets.UTF_8);
    }

    private int topicLengthAt() {
        return start + BODY_OFFSET + buf.getInt(start + BODY_LENGTH_OFFSET);
    }
}
