package io.capsulemq.client.remote;

import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.client.gateway.OutgoingMessage;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Messages in and out of remoting bodies, laid out as {@link WireLayout} describes: the stored messages a broker
 * answers with, and the batch a producer sends. A record that does not add up is refused naming where it is.
 */
final class WireCodec {
    private WireCodec() {
    }

    /** Every message of a pull or pop answer's body, in order. */
    static List<WireMessage> decodeAll(byte[] body) {
        List<WireMessage> messages = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
            messages.add(decode(buf));
        }
        return messages;
    }

    /** The message at the buffer's position; the position moves past it. */
    static WireMessage decode(ByteBuffer buf) {
        int start = buf.position();
        try {
            int totalSize = buf.getInt();
            if (totalSize < WireLayout.BEFORE_BORN_HOST || totalSize > buf.limit() - start) {
                throw malformed(start, "its size " + totalSize + " does not fit the " + (buf.limit() - start)
                        + " bytes left");
            }
            int magic = buf.getInt();
            if (magic != WireLayout.MAGIC_V1 && magic != WireLayout.MAGIC_V2) {
                throw malformed(start, "unknown magic code " + magic);
            }
            buf.getInt(); // body crc
            int queueId = buf.getInt();
            int flag = buf.getInt();
            long queueOffset = buf.getLong();
            long commitLogOffset = buf.getLong();
            int sysFlag = buf.getInt();
            long bornTimestamp = buf.getLong();
            InetSocketAddress bornHost = host(buf, (sysFlag & WireLayout.SYS_BORN_HOST_V6) != 0);
            long storeTimestamp = buf.getLong();
            InetSocketAddress storeHost = host(buf, (sysFlag & WireLayout.SYS_STORE_HOST_V6) != 0);
            int reconsumeTimes = buf.getInt();
            long preparedTransactionOffset = buf.getLong();
            int bodyLength = buf.getInt();
            if (bodyLength < 0 || bodyLength > buf.remaining()) {
                throw malformed(start, "its body length " + bodyLength + " runs past the record");
            }
            byte[] body = new byte[bodyLength];
            buf.get(body);
            if ((sysFlag & WireLayout.SYS_COMPRESSED) != 0) {
                body = inflate(start, body, sysFlag);
                sysFlag &= ~WireLayout.SYS_COMPRESSED;
            }
            int topicLength = magic == WireLayout.MAGIC_V1 ? Byte.toUnsignedInt(buf.get())
                    : Short.toUnsignedInt(buf.getShort());
            byte[] topic = new byte[topicLength];
            buf.get(topic);
            int propertiesLength = Short.toUnsignedInt(buf.getShort());
            byte[] properties = new byte[propertiesLength];
            buf.get(properties);
            if (buf.position() - start != totalSize) {
                throw malformed(start, "its fields take " + (buf.position() - start) + " bytes, its size says "
                        + totalSize);
            }
            return new WireMessage(queueId, flag, queueOffset, commitLogOffset, sysFlag, bornTimestamp, bornHost,
                    storeTimestamp, storeHost, reconsumeTimes, preparedTransactionOffset, body,
                    new String(topic, StandardCharsets.UTF_8),
                    MessageProperties.decode(new String(properties, StandardCharsets.UTF_8)));
        } catch (BufferUnderflowException e) {
            throw malformed(start, "it ends early");
        }
    }

    /** A batch body for SEND_BATCH_MESSAGE: each message's flag (0), body and properties. */
    static byte[] encodeBatch(List<OutgoingMessage> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (OutgoingMessage message : batch) {
            byte[] properties = MessageProperties.encode(new LinkedHashMap<>(message.properties()))
                    .getBytes(StandardCharsets.UTF_8);
            if (properties.length > WireLayout.MAX_PROPERTIES_BYTES) {
                throw new IllegalArgumentException("the properties of a message take " + properties.length
                        + " bytes; at most " + WireLayout.MAX_PROPERTIES_BYTES + " are allowed");
            }
            int size = WireLayout.BATCH_ITEM_FIXED + message.body().length + properties.length;
            ByteBuffer buf = ByteBuffer.allocate(size);
            buf.putInt(size).putInt(0).putInt(0).putInt(0).putInt(message.body().length).put(message.body())
                    .putShort((short) properties.length).put(properties);
            out.writeBytes(buf.array());
        }
        return out.toByteArray();
    }

    /** Properties as a send header carries them. */
    static String properties(Map<String, String> properties) {
        return MessageProperties.encode(new LinkedHashMap<>(properties));
    }

    private static InetSocketAddress host(ByteBuffer buf, boolean v6) {
        byte[] address = new byte[v6 ? WireLayout.IPV6_BYTES : WireLayout.IPV4_BYTES];
        buf.get(address);
        int port = buf.getInt();
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return InetSocketAddress.createUnresolved("unknown", 0);
        }
    }

    private static byte[] inflate(int start, byte[] body, int sysFlag) {
        int type = (sysFlag & WireLayout.SYS_COMPRESSION_TYPE_MASK) >> WireLayout.SYS_COMPRESSION_TYPE_SHIFT;
        if (type != WireLayout.COMPRESSION_ZLIB && type != WireLayout.COMPRESSION_ZLIB_LEGACY) {
            throw malformed(start, "its body is compressed with type " + type + " (LZ4 or ZSTD); only zlib "
                    + "bodies can be read");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw malformed(start, "its compressed body is cut short");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw malformed(start, "its compressed body is not zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static IllegalArgumentException malformed(int start, String what) {
        return new IllegalArgumentException("malformed message at byte " + start + " of the answer: " + what);
    }
}
