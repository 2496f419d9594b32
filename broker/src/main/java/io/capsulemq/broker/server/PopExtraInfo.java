package io.capsulemq.broker.server;

import io.capsulemq.broker.remoting.protocol.ResponseCode;

/**
 * How a popped message's receipt handle travels in RocketMQ's protocol. RocketMQ's clients keep a popped message's
 * check-point as its {@code POP_CK} property ("extra info") and send it back whole with ACK_MESSAGE and
 * CHANGE_MESSAGE_INVISIBLETIME, reading a few of its space-separated fields themselves:
 * <pre>
 *   startOffset popTime invisibleTime reviveQid topicKind brokerName queueId queueOffset
 * </pre>
 * The broker writes those eight fields as RocketMQ's broker does (startOffset is the message's own queue offset,
 * topicKind {@code 0}, reviveQid {@value #ORDER_REVIVE_QID} for FIFO pops so clients treat them as ordered) and
 * appends the engine's opaque receipt handle as a ninth field. The handle is URL-safe base64, so it holds no space;
 * clients ignore fields past the eighth. On ACK and CHANGE the handle is the ninth field; the other fields are not
 * trusted, the handle is checked by the engine.
 *
 * <p>After CHANGE_MESSAGE_INVISIBLETIME RocketMQ's client rebuilds the extra info from the response's three header
 * fields and drops the ninth: see {@link RenewedHandles} for how such an eight-field extra info is still honoured.
 */
record PopExtraInfo(long queueOffset, long popTime, long invisibleTime, int reviveQid, String brokerName,
                    int queueId, String handle) {
    /** RocketMQ's revive queue id for ordered pops ({@code KeyBuilder.POP_ORDER_REVIVE_QUEUE}). */
    static final int ORDER_REVIVE_QID = 999;
    private static final String NORMAL_TOPIC = "0";

    String encode() {
        return queueOffset + " " + popTime + " " + invisibleTime + " " + reviveQid + " " + NORMAL_TOPIC + " "
                + brokerName + " " + queueId + " " + queueOffset + " " + handle;
    }

    /**
     * Reads an extra info as clients send it back. The handle is null when the client rebuilt it without one.
     *
     * @throws RequestRefusedException INVALID_PARAMETER when it has fewer than eight fields or they do not parse
     */
    static PopExtraInfo decode(String extraInfo) {
        String[] fields = extraInfo.split(" ");
        if (fields.length < 8) {
            throw invalid(extraInfo, "it has " + fields.length + " space-separated fields, not at least 8");
        }
        try {
            return new PopExtraInfo(Long.parseLong(fields[7]), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                    Integer.parseInt(fields[3]), fields[5], Integer.parseInt(fields[6]),
                    fields.length > 8 && !fields[8].isEmpty() ? fields[8] : null);
        } catch (NumberFormatException e) {
            throw invalid(extraInfo, "a numeric field is not a number (" + e.getMessage() + ")");
        }
    }

    private static RequestRefusedException invalid(String extraInfo, String problem) {
        return Responses.refuse(ResponseCode.INVALID_PARAMETER, "header field 'extraInfo' is not a pop check point "
                + "of this broker: " + problem + ": '" + extraInfo + "'");
    }
}
