package io.capsulemq.broker.store.message;

/** What a topic may be called, as Apache RocketMQ checks it; topic names are also folder names in the store. */
public final class TopicNames {
    /** RocketMQ's limit on a topic name's length. */
    public static final int MAX_LENGTH = 127;

    private TopicNames() {
    }

    /** Why {@code topic} is not a valid name, or null when it is. */
    public static String problemWith(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "topic name is empty";
        }
        if (topic.length() > MAX_LENGTH) {
            return "topic name '" + topic + "' is " + topic.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed";
        }
        for (int i = 0; i < topic.length(); i++) {
            if (!isAllowed(topic.charAt(i))) {
                return "topic name '" + topic + "' may only contain letters, digits and %|_-";
            }
        }
        return null;
    }

    /** ASCII letters, digits and {@code %|_-}; checked by hand because every send checks its topic (twice). */
    private static boolean isAllowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '%' || c == '|' || c == '_' || c == '-';
    }
}
