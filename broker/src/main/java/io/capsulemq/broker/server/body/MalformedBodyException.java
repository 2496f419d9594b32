package io.capsulemq.broker.server.body;

/** A request body that is not the JSON its request code calls for; the message says which body and why. */
public final class MalformedBodyException extends RuntimeException {
    public MalformedBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
