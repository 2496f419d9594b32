package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.GatewayException;

/**
 * A popped message's receipt handle: RocketMQ's {@code extraInfo} ({@code POP_CK}), space-separated: the check
 * point's queue offset, pop time, invisible time, revive queue id, whether the message came from a retry topic
 * ({@code 0} no, {@code 1} or {@code 2} the two retry topic namings), broker name, queue id, and the message's queue
 * offset; a broker may append fields of its own ({@code rest}), which are kept and sent back untouched.
 * ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME take it back whole, with the fields they need beside it.
 */
record PopReceipt(long checkPointOffset, long popTime, long invisibleTime, int reviveQueueId, String retry,
                  String brokerName, int queueId, long queueOffset, String rest) {
    static final String NORMAL = "0";
    static final String RETRY_V1 = "1";
    static final String RETRY_V2 = "2";
    private static final String RETRY_PREFIX = "%RETRY%";
    private static final int FIELDS = 8;

    PopReceipt(long checkPointOffset, long popTime, long invisibleTime, int reviveQueueId, String retry,
               String brokerName, int queueId, long queueOffset) {
        this(checkPointOffset, popTime, invisibleTime, reviveQueueId, retry, brokerName, queueId, queueOffset, "");
    }

    static PopReceipt parse(String handle) {
        String[] f = handle == null ? new String[0] : handle.trim().split(" ", FIELDS + 1);
        if (f.length < FIELDS) {
            throw bad(handle, "it has " + f.length + " fields, at least " + FIELDS + " expected");
        }
        try {
            return new PopReceipt(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Integer.parseInt(f[3]), f[4], f[5], Integer.parseInt(f[6]), Long.parseLong(f[7]),
                    f.length > FIELDS ? f[FIELDS] : "");
        } catch (NumberFormatException e) {
            throw bad(handle, e.getMessage());
        }
    }

    private static GatewayException bad(String handle, String why) {
        return new GatewayException(GatewayException.Kind.ILLEGAL_REQUEST, "receipt handle '" + handle
                + "' is not a pop check point: " + why);
    }

    /** Whether a topic the broker popped from is a retry topic, as the handle's field says it. */
    static String retryOf(String poppedFrom) {
        if (poppedFrom.startsWith(RETRY_PREFIX) && poppedFrom.contains("+")) {
            return RETRY_V2;
        }
        return poppedFrom.startsWith(RETRY_PREFIX) ? RETRY_V1 : NORMAL;
    }

    /** The topic the message is held in: the subscribed topic, or the group's retry topic for it. */
    String realTopic(String topic, String group) {
        return switch (retry) {
            case RETRY_V1 -> RETRY_PREFIX + group + "_" + topic;
            case RETRY_V2 -> RETRY_PREFIX + group + "+" + topic;
            default -> topic;
        };
    }

    String handle() {
        return checkPointOffset + " " + popTime + " " + invisibleTime + " " + reviveQueueId + " " + retry + " "
                + brokerName + " " + queueId + " " + queueOffset + (rest.isEmpty() ? "" : " " + rest);
    }
}
