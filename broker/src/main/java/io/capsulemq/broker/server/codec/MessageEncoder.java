package io.capsulemq.broker.server.codec;

import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes stored messages in RocketMQ's stored-message layout ({@link MessageLayout}), which the real client decodes
 * into {@code MessageExt}: its offset message id comes from the store host and commit log offset written here.
 */
public final class MessageEncoder {
    private MessageEncoder() {
    }

    /** One message. */
    public static byte[] encode(StoredMessage message) {
        return encodeAll(List.of(message));
    }

    /** Messages one after another, as a pull or query body carries them. */
    public static byte[] encodeAll(List<StoredMessage> messages) {
        List<Parts> parts = new ArrayList<>(messages.size());
        int total = 0;
        for (StoredMessage m : messages) {
            Parts p = Parts.of(m);
            parts.add(p);
            total = Math.addExact(total, p.length());
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (Parts p : parts) {
            p.writeTo(out);
        }
        return out.array();
    }

    /** The bytes {@link #encode} writes for {@code message}. */
    public static int encodedLength(StoredMessage message) {
        return Parts.of(message).length();
    }

    /** A message's variable parts, worked out once for both the length and the write. */
    private record Parts(StoredMessage m, byte[] bornAddress, byte[] storeAddress, byte[] topic, byte[] properties) {
        static Parts of(StoredMessage m) {
            byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
            if (topic.length > MessageLayout.MAX_TOPIC_LENGTH_V1) {
                throw new IllegalArgumentException("topic " + m.topic() + " is longer than "
                        + MessageLayout.MAX_TOPIC_LENGTH_V1 + " bytes");
            }
            byte[] properties = MessageProperties.encode(m.properties()).getBytes(StandardCharsets.UTF_8);
            if (properties.length > MessageLayout.MAX_PROPERTIES_LENGTH) {
                throw new IllegalArgumentException("the properties of the message at commit log offset "
                        + m.commitLogOffset() + " take " + properties.length + " bytes; RocketMQ's clients read at"
                        + " most " + MessageLayout.MAX_PROPERTIES_LENGTH);
            }
            return new Parts(m, address(m.bornHost()), address(m.storeHost()), topic, properties);
        }

        int length() {
            return MessageLayout.storedLength(bornAddress.length, storeAddress.length, m.body().length,
                    topic.length, properties.length);
        }

        void writeTo(ByteBuffer out) {
            int sysFlag = m.sysFlag() & ~(MessageLayout.BORN_HOST_V6_FLAG | MessageLayout.STORE_HOST_V6_FLAG);
            if (bornAddress.length == 16) {
                sysFlag |= MessageLayout.BORN_HOST_V6_FLAG;
            }
            if (storeAddress.length == 16) {
                sysFlag |= MessageLayout.STORE_HOST_V6_FLAG;
            }
            out.putInt(length())
                    .putInt(MessageLayout.MAGIC_V1)
                    .putInt(bodyCrc(m.body()))
                    .putInt(m.queueId())
                    .putInt(m.flag())
                    .putLong(m.queueOffset())
                    .putLong(m.commitLogOffset())
                    .putInt(sysFlag)
                    .putLong(m.bornTimestamp())
                    .put(bornAddress).putInt(port(m.bornHost()))
                    .putLong(m.storeTimestamp())
                    .put(storeAddress).putInt(port(m.storeHost()))
                    .putInt(m.reconsumeTimes())
                    .putLong(m.preparedTransactionOffset())
                    .putInt(m.body().length).put(m.body())
                    .put((byte) topic.length).put(topic)
                    .putShort((short) properties.length).put(properties);
        }
    }

    private static byte[] address(InetSocketAddress host) {
        if (host == null || host.getAddress() == null) {
            return new byte[4];
        }
        return host.getAddress().getAddress();
    }

    private static int port(InetSocketAddress host) {
        return host == null ? 0 : host.getPort();
    }

    /** RocketMQ's body CRC: CRC32 with the sign bit cleared. */
    static int bodyCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
