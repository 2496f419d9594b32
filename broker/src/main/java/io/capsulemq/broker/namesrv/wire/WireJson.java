package io.capsulemq.broker.namesrv.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes the JSON bodies NameServers and brokers exchange. Written as standard JSON (map keys quoted,
 * null fields left out), which RocketMQ's fastjson2 readers accept; read leniently, as fastjson reads: unknown
 * fields skipped, unquoted field names and single quotes allowed.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private WireJson() {
    }

    /** The UTF-8 JSON of {@code value}. */
    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a body of type {@code type}.
     *
     * @throws IllegalArgumentException naming the type when the body is not such JSON, or is JSON's null
     */
    public static <T> T decode(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the request has no " + type.getSimpleName() + " body");
        }
        T value;
        try {
            value = MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // Reading bytes in memory fails only on what the bytes are: text in no encoding JSON allows, say.
            throw new IllegalArgumentException("the body is not a valid " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException("the " + type.getSimpleName() + " body is null");
        }
        return value;
    }
}
