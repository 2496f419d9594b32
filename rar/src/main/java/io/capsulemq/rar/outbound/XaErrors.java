package io.capsulemq.rar.outbound;

import javax.transaction.xa.XAException;

/** XAExceptions with an error code and a message saying what happened. */
final class XaErrors {
    private XaErrors() {
    }

    static XAException of(int errorCode, String message) {
        XAException e = new XAException(message);
        e.errorCode = errorCode;
        return e;
    }

    static XAException of(int errorCode, String message, Throwable cause) {
        XAException e = of(errorCode, message + ": " + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
