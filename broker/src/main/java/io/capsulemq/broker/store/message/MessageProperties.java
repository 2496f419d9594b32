package io.capsulemq.broker.store.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message property names and their encoding as Apache RocketMQ lays them out on the wire and in the log:
 * {@code name\u0001value\u0002name\u0001value\u0002}.
 */
public final class MessageProperties {
    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';
    /** Separates several keys inside the {@link #KEYS} property. */
    public static final String KEY_SEPARATOR = " ";

    public static final String KEYS = "KEYS";
    public static final String TAGS = "TAGS";
    public static final String UNIQUE_KEY = "UNIQ_KEY";
    public static final String DELAY_LEVEL = "DELAY";
    public static final String WAIT_STORE_OK = "WAIT";
    public static final String TRANSACTION_PREPARED = "TRAN_MSG";
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QUEUE_ID = "REAL_QID";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String SHARDING_KEY = "__SHARDINGKEY";
    public static final String DELIVER_TIME_MS = "TIMER_DELIVER_MS";

    private MessageProperties() {
    }

    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue()).append(PROPERTY_SEPARATOR);
        }
        return sb.toString();
    }

    /** Decodes what {@link #encode} wrote; pairs without a separator are skipped, as RocketMQ does. */
    public static Map<String, String> decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> map = new LinkedHashMap<>();
        int start = 0;
        int len = encoded.length();
        while (start < len) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            int sep = encoded.indexOf(NAME_VALUE_SEPARATOR, start);
            if (sep > start && sep < end) {
                map.put(encoded.substring(start, sep), encoded.substring(sep + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    /**
     * The value of one property in an encoded string, as {@code decode(encoded).get(name)} would give it (the last
     * pair of that name), without building the map: for readers that need one or two properties of many records.
     */
    public static String find(String encoded, String name) {
        if (encoded == null) {
            return null;
        }
        String found = null;
        int start = 0;
        int len = encoded.length();
        while (start < len) {
            int end = encoded.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            int sep = start + name.length();
            if (sep < end && encoded.charAt(sep) == NAME_VALUE_SEPARATOR && encoded.startsWith(name, start)
                    && encoded.indexOf(NAME_VALUE_SEPARATOR, start) == sep && !name.isEmpty()) {
                found = encoded.substring(sep + 1, end);
            }
            start = end + 1;
        }
        return found;
    }

    /** A message's tag hash as kept in the consume queue: the tag string's hash code, 0 when untagged. */
    public static long tagsCode(String tags) {
        return tags == null || tags.isEmpty() ? 0 : tags.hashCode();
    }
}
