package io.capsulemq.client.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON bodies as RocketMQ exchanges them. Written as standard JSON (by Jackson), which RocketMQ reads. Read as
 * fastjson2 writes them, which is JSON except that a map whose keys are not strings is written with the keys bare:
 * numbers ({@code {0:"127.0.0.1:10911"}}) or whole objects ({@code {{"topic":"t","queueId":1}:5}}). No JSON library
 * reads that, so this reader does: objects become {@code Map<Object, Object>} (a key is a String, a Long, a
 * BigDecimal or a Map as written), arrays {@code List<Object>}, numbers Long or BigDecimal.
 */
final class RocketJson {
    private static final ObjectMapper WRITER = new ObjectMapper();

    private final String text;
    private int pos;

    private RocketJson(String text) {
        this.text = text;
    }

    static byte[] write(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    static Object read(byte[] body) {
        return read(new String(body, StandardCharsets.UTF_8));
    }

    /** The value the text holds; malformed text is refused naming the position. */
    static Object read(String text) {
        RocketJson reader = new RocketJson(text);
        reader.skipSpace();
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("text after the value");
        }
        return value;
    }

    /** The body as an object; anything else is refused. */
    static Map<Object, Object> object(byte[] body) {
        Object value = read(body);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a JSON object, got: " + abbreviate(new String(body,
                    StandardCharsets.UTF_8)));
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> map = (Map<Object, Object>) value;
        return map;
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> objectField(Map<Object, Object> object, String name) {
        Object value = object.get(name);
        return value instanceof Map<?, ?> m ? (Map<Object, Object>) m : Map.of();
    }

    static List<Object> arrayField(Map<Object, Object> object, String name) {
        Object value = object.get(name);
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    static String stringField(Map<Object, Object> object, String name) {
        Object value = object.get(name);
        return value == null ? null : value.toString();
    }

    static long longField(Map<Object, Object> object, String name, long absent) {
        Object value = object.get(name);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Long.parseLong(s.trim());
        }
        return absent;
    }

    static boolean booleanField(Map<Object, Object> object, String name, boolean absent) {
        Object value = object.get(name);
        if (value instanceof Boolean b) {
            return b;
        }
        return value instanceof String s ? Boolean.parseBoolean(s) : absent;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("a value was expected");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "'");
            }
        };
    }

    private Map<Object, Object> object() {
        Map<Object, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            Object key = value();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
            skipSpace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("',' or '}' expected");
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value());
            skipSpace();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("',' or ']' expected");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException bad) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error("unknown escape '\\" + e + "'");
                }
            }
        }
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String digits = text.substring(start, pos);
        try {
            if (digits.indexOf('.') < 0 && digits.indexOf('e') < 0 && digits.indexOf('E') < 0) {
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException tooLong) {
                    return new BigDecimal(digits);
                }
            }
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number '" + digits + "'");
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("'" + c + "' expected");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("the text ends too early");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at position " + pos + ": " + what + " in "
                + abbreviate(text));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
