package io.capsulemq.broker.engine;

/**
 * A request the broker refuses, with a reason code the wire protocol maps to RocketMQ's response codes and a
 * message naming what was wrong.
 */
public final class BrokerException extends RuntimeException {
    /** Why a request was refused. */
    public enum Reason {
        TOPIC_NOT_EXIST,
        NO_PERMISSION,
        MESSAGE_ILLEGAL,
        SERVICE_NOT_AVAILABLE,
        SUBSCRIPTION_ILLEGAL,
        SUBSCRIPTION_GROUP_NOT_EXIST,
        NOT_FOUND,
        SYSTEM_ERROR
    }

    private final Reason reason;

    public BrokerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
