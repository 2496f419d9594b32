package io.capsulemq.broker.server.codec;

import io.capsulemq.broker.store.message.MessageProperties;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the body of a batch send ({@link MessageLayout}'s batch entries). */
public final class BatchDecoder {
    private BatchDecoder() {
    }

    /**
     * The entries of a batch body, in order.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it when the body is not a sequence of
     *                                  well-formed entries
     */
    public static List<BatchEntry> decode(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        List<BatchEntry> entries = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            int index = entries.size();
            int remaining = in.remaining();
            if (remaining < MessageLayout.BATCH_MIN_LENGTH) {
                throw malformed(index, start, "only " + remaining + " bytes are left; an entry takes at least "
                        + MessageLayout.BATCH_MIN_LENGTH);
            }
            int totalSize = in.getInt(start + MessageLayout.BATCH_TOTAL_SIZE_OFFSET);
            if (totalSize < MessageLayout.BATCH_MIN_LENGTH || totalSize > remaining) {
                throw malformed(index, start, "its total size " + totalSize + " is not between "
                        + MessageLayout.BATCH_MIN_LENGTH + " and the " + remaining + " bytes left");
            }
            int flag = in.getInt(start + MessageLayout.BATCH_FLAG_OFFSET);
            int bodyLength = in.getInt(start + MessageLayout.BATCH_BODY_LENGTH_OFFSET);
            if (bodyLength < 0 || bodyLength > totalSize - MessageLayout.BATCH_MIN_LENGTH) {
                throw malformed(index, start, "its body length " + bodyLength + " does not fit its total size "
                        + totalSize);
            }
            int propertiesAt = start + MessageLayout.BATCH_BODY_OFFSET + bodyLength;
            int propertiesLength = Short.toUnsignedInt(in.getShort(propertiesAt));
            if (MessageLayout.batchEntryLength(bodyLength, propertiesLength) != totalSize) {
                throw malformed(index, start, "body (" + bodyLength + " bytes) and properties (" + propertiesLength
                        + " bytes) do not add up to its total size " + totalSize);
            }
            byte[] messageBody = new byte[bodyLength];
            in.get(start + MessageLayout.BATCH_BODY_OFFSET, messageBody);
            String properties = new String(body, propertiesAt + MessageLayout.BATCH_PROPERTIES_LENGTH_SIZE,
                    propertiesLength, StandardCharsets.UTF_8);
            entries.add(new BatchEntry(flag, messageBody, MessageProperties.decode(properties)));
            in.position(start + totalSize);
        }
        return entries;
    }

    private static IllegalArgumentException malformed(int index, int position, String problem) {
        return new IllegalArgumentException("malformed batch body: message " + index + " (at byte " + position
                + "): " + problem);
    }
}
