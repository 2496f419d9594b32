package io.capsulemq.broker.server;

/**
 * A request this layer refuses before or besides the engine: a malformed header, a consumer group with no member
 * online. Answered with {@link #responseCode()} and the message as remark; the connection stays open.
 */
final class RequestRefusedException extends RuntimeException {
    private final int responseCode;

    RequestRefusedException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    int responseCode() {
        return responseCode;
    }
}
