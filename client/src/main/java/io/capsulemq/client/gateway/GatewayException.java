package io.capsulemq.client.gateway;

/** A request the broker refused or could not serve, with a kind that says whether trying again may help. */
public final class GatewayException extends RuntimeException {
    /** Why a request failed. */
    public enum Kind {
        TOPIC_NOT_FOUND,
        GROUP_NOT_FOUND,
        /** The request or message is malformed or not allowed as it is. */
        ILLEGAL_REQUEST,
        FORBIDDEN,
        /** A receipt handle, message or other thing named in the request is not (or no longer) there. */
        NOT_FOUND,
        /** The broker is closed, starting, or cannot serve now: trying again later may succeed. */
        UNAVAILABLE,
        INTERNAL
    }

    private final Kind kind;

    public GatewayException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public GatewayException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the same request may succeed if sent again. */
    public boolean retriable() {
        return kind == Kind.UNAVAILABLE || kind == Kind.INTERNAL;
    }
}
