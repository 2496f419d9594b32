package io.capsulemq.broker.server.body;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON of request and response bodies, as RocketMQ's clients write and read it (fastjson): fields they do not
 * know are ignored both ways, and maps keyed by message queue are written the way fastjson writes them
 * ({@link #queueKeyed}). A null element of a list or map in a request body makes the body malformed.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A null inside a list or map ([null]) is refused naming the member, not handed on to fail later.
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    /** Reads a request body; {@code what} names it in the error when it is empty or malformed. */
    public static <T> T read(byte[] body, Class<T> type, String what) {
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("the request has no " + what + " body", null);
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new MalformedBodyException("the " + what + " body is null", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("malformed " + what + " body: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedBodyException("unreadable " + what + " body: " + e.getMessage(), e);
        }
    }

    /** A response body. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * A JSON object whose named members are plain values, except {@code queueMapName}, a map keyed by message queue.
     * fastjson writes such a map's keys as JSON objects, not strings ({@code {{"brokerName":"b","queueId":0,
     * "topic":"t"}:5}}), and reads only that form back, so that is what is written. Standard JSON parsers cannot
     * read it; RocketMQ's clients can.
     */
    public static byte[] queueKeyed(Map<String, Object> members, String queueMapName,
                                    Map<MessageQueueData, ?> queueMap) {
        StringBuilder json = new StringBuilder(64 + queueMap.size() * 96).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> member : new java.util.TreeMap<>(members).entrySet()) {
            first = separate(json, first);
            json.append(text(member.getKey())).append(':').append(text(member.getValue()));
        }
        first = separate(json, first);
        json.append(text(queueMapName)).append(":{");
        boolean firstEntry = true;
        for (Map.Entry<MessageQueueData, ?> entry : queueMap.entrySet()) {
            firstEntry = separate(json, firstEntry);
            json.append(text(entry.getKey())).append(':').append(text(entry.getValue()));
        }
        json.append("}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean separate(StringBuilder json, boolean first) {
        if (!first) {
            json.append(',');
        }
        return false;
    }
}
