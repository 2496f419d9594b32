package io.capsulemq.broker.namesrv;

/** A request's header or body is missing something or malformed; the message says what, for the answer's remark. */
final class InvalidRequestException extends Exception {
    InvalidRequestException(String message) {
        super(message);
    }

    InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
