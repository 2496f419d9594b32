package io.capsulemq.broker.remoting;

/** Told when connections open and close (the broker drops the clients of a closed connection). */
@FunctionalInterface
public interface ConnectionListener {
    /** A connection opened. */
    default void connected(RemotingConnection connection) {
    }

    /** A connection closed, for whatever reason; its pending calls have failed already. */
    void closed(RemotingConnection connection);
}
