package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.RegisterBrokerBody;
import io.capsulemq.broker.namesrv.wire.TopicConfigData;
import io.capsulemq.broker.namesrv.wire.TopicConfigSerializeWrapper;
import io.capsulemq.broker.namesrv.wire.WireJson;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.InflaterInputStream;

/**
 * Reads the body of REGISTER_BROKER, which a broker sends in one of two forms: RegisterBrokerBody as JSON, or
 * RocketMQ's compressed form (a zlib stream of length-prefixed parts: the data version as JSON, the number of
 * topics, each topic as RocketMQ's space-separated TopicConfig text, the filter-server list as JSON, then static-topic
 * mappings, which Capsule skips). RocketMQ 4.9 brokers with {@code compressedRegister=true} say so in the header
 * ({@code compressed=true}) and end the stream after the filter-server list, their topic text without attributes;
 * RocketMQ 5 brokers add the static-topic part and send the compressed form while their header says
 * {@code compressed=false} (RocketMQ 5's own NameServer then fails to read it). So a body that is recognisably a zlib
 * stream is read as one whatever the header says; JSON, which starts with a brace, never looks like one.
 */
final class RegisterBrokerBodyReader {
    /** No part of a well-formed body comes near this; a larger length means the body is corrupt. */
    private static final int MAX_PART_BYTES = 64 * 1024 * 1024;

    private RegisterBrokerBodyReader() {
    }

    static RegisterBrokerBody read(byte[] body, boolean compressedPerHeader) throws InvalidRequestException {
        if (body.length == 0) {
            return new RegisterBrokerBody(null, null);
        }
        if (compressedPerHeader || looksLikeZlib(body)) {
            return readCompressed(body);
        }
        try {
            return WireJson.decode(body, RegisterBrokerBody.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("REGISTER_BROKER: " + e.getMessage(), e);
        }
    }

    /** A zlib header: deflate with a window of at most 32 KiB, and a check value making it a multiple of 31. */
    private static boolean looksLikeZlib(byte[] body) {
        return body.length >= 2 && (body[0] & 0x0F) == 8 && (body[0] & 0xF0) <= 0x70
                && (((body[0] & 0xFF) << 8) | (body[1] & 0xFF)) % 31 == 0;
    }

    private static RegisterBrokerBody readCompressed(byte[] body) throws InvalidRequestException {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(body)))) {
            DataVersion version = WireJson.decode(part(in, "data version"), DataVersion.class);
            int count = in.readInt();
            if (count < 0) {
                throw new InvalidRequestException("compressed REGISTER_BROKER body has a negative topic count");
            }
            Map<String, TopicConfigData> topics = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                TopicConfigData topic = topicFromText(new String(part(in, "topic config"), StandardCharsets.UTF_8));
                topics.put(topic.topicName(), topic);
            }
            List<String> filterServers = Arrays.asList(WireJson.decode(part(in, "filter server list"),
                    String[].class));
            return new RegisterBrokerBody(new TopicConfigSerializeWrapper(topics, version), filterServers);
        } catch (EOFException e) {
            throw new InvalidRequestException("compressed REGISTER_BROKER body ends early", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidRequestException("compressed REGISTER_BROKER body is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] part(DataInputStream in, String what) throws IOException, InvalidRequestException {
        int length = in.readInt();
        if (length < 0 || length > MAX_PART_BYTES) {
            throw new InvalidRequestException("compressed REGISTER_BROKER body has a " + what + " of " + length
                    + " bytes");
        }
        byte[] part = new byte[length];
        in.readFully(part);
        return part;
    }

    /**
     * RocketMQ's TopicConfig text: name, read queues, write queues, perm and filter type separated by single spaces,
     * then the attributes as JSON (which RocketMQ drops when it does not parse; so do we).
     */
    private static TopicConfigData topicFromText(String text) throws InvalidRequestException {
        String[] fields = text.split(" ", 6);
        if (fields.length < 5) {
            throw new InvalidRequestException("compressed REGISTER_BROKER body has a malformed topic config: "
                    + text);
        }
        Map<String, String> attributes = Map.of();
        if (fields.length == 6 && !fields[5].isBlank()) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, String> parsed = WireJson.decode(fields[5].getBytes(StandardCharsets.UTF_8), Map.class);
                attributes = parsed;
            } catch (IllegalArgumentException ignored) {
                // As RocketMQ: attributes that do not parse are left out, the topic is still registered.
            }
        }
        try {
            return new TopicConfigData(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    Integer.parseInt(fields[3]), fields[4], 0, false, attributes);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("compressed REGISTER_BROKER body has a topic config with a bad "
                    + "number: " + text);
        }
    }
}
