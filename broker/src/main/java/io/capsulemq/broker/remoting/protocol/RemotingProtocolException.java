package io.capsulemq.broker.remoting.protocol;

/**
 * A frame or header that breaks the wire protocol, or a command that cannot be written in it. The message says
 * what was wrong; the transport closes the connection that sent such a frame and logs the message.
 */
public final class RemotingProtocolException extends RuntimeException {
    public RemotingProtocolException(String message) {
        super(message);
    }

    public RemotingProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
