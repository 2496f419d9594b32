package io.capsulemq.broker.remoting;

/** No response came within the call's timeout. */
public final class RemotingTimeoutException extends RemotingException {
    public RemotingTimeoutException(String message) {
        super(message, null);
    }
}
