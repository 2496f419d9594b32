package io.capsulemq.broker.remoting;

/** A call over a connection failed. */
public abstract class RemotingException extends Exception {
    protected RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
