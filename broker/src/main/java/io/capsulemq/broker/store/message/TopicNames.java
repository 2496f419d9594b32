package io.capsulemq.broker.store.message;

import java.util.regex.Pattern;

/** What a topic may be called, as Apache RocketMQ checks it; topic names are also folder names in the store. */
public final class TopicNames {
    /** RocketMQ's limit on a topic name's length. */
    public static final int MAX_LENGTH = 127;
    private static final Pattern VALID = Pattern.compile("[%|a-zA-Z0-9_-]+");

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
        if (!VALID.matcher(topic).matches()) {
            return "topic name '" + topic + "' may only contain letters, digits and %|_-";
        }
        return null;
    }
}
