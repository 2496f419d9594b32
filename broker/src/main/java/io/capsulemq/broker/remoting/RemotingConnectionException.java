package io.capsulemq.broker.remoting;

/** A connection could not be opened, a request could not be written, or the connection closed before the answer. */
public final class RemotingConnectionException extends RemotingException {
    public RemotingConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
