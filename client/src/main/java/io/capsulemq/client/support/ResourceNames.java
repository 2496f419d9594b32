package io.capsulemq.client.support;

import java.util.regex.Pattern;

/** What topics and consumer groups may be called, as the RocketMQ 5 client checks them before asking a broker. */
public final class ResourceNames {
    private static final Pattern NAME = Pattern.compile("^[%a-zA-Z0-9_-]+$");
    private static final int MAX_TOPIC_LENGTH = 127;
    private static final int MAX_GROUP_LENGTH = 255;

    private ResourceNames() {
    }

    public static String checkTopic(String topic) {
        Require.notNull(topic, "topic should not be null");
        Require.argument(NAME.matcher(topic).matches(), "topic '" + topic + "' does not match the regex "
                + NAME.pattern() + " (letters, digits, %, _ and - only)");
        Require.argument(topic.length() <= MAX_TOPIC_LENGTH, "topic '" + topic + "' is longer than "
                + MAX_TOPIC_LENGTH + " characters");
        return topic;
    }

    public static String checkConsumerGroup(String group) {
        Require.notNull(group, "consumerGroup should not be null");
        Require.argument(NAME.matcher(group).matches(), "consumerGroup '" + group + "' does not match the regex "
                + NAME.pattern() + " (letters, digits, %, _ and - only)");
        Require.argument(group.length() <= MAX_GROUP_LENGTH, "consumerGroup '" + group + "' is longer than "
                + MAX_GROUP_LENGTH + " characters");
        return group;
    }
}
