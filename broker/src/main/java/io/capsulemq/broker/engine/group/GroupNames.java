package io.capsulemq.broker.engine.group;

import java.util.regex.Pattern;

/**
 * What a consumer group may be called, as Apache RocketMQ checks it when a group is created: the characters topic
 * names may have, and at most 120 of them, so that the group's retry and dead-letter topics are valid topic names.
 */
public final class GroupNames {
    /** RocketMQ's limit on a group name's length. */
    public static final int MAX_LENGTH = 120;
    private static final Pattern VALID = Pattern.compile("[%|a-zA-Z0-9_-]+");

    private GroupNames() {
    }

    /** Why {@code group} is not a valid name, or null when it is. */
    public static String problemWith(String group) {
        if (group == null || group.isBlank()) {
            return "consumer group name is empty";
        }
        if (group.length() > MAX_LENGTH) {
            return "consumer group name '" + abbreviated(group) + "' is " + group.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        if (!VALID.matcher(group).matches()) {
            return "consumer group name '" + abbreviated(group) + "' may only contain letters, digits and %|_-";
        }
        return null;
    }

    private static String abbreviated(String group) {
        return group.length() <= 2 * MAX_LENGTH ? group : group.substring(0, MAX_LENGTH) + "...";
    }
}
