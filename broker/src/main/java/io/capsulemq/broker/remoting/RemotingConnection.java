package io.capsulemq.broker.remoting;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One open connection, the same from either end: a server's connection to a client can call that client (the
 * broker asking a producer about a transaction, telling consumers their group changed) just as the client calls the
 * server.
 *
 * <p>Futures complete on the connection's I/O thread: continue with the {@code ...Async} methods of
 * {@link CompletableFuture} for anything that may block.
 */
public interface RemotingConnection {
    /**
     * Sends a request and completes with the peer's response (whatever its code). The transport gives the request
     * its own opaque. Fails with {@link RemotingTimeoutException} when no response came within {@code timeout}, and
     * with {@link RemotingConnectionException} when the request could not be written or the connection closed first.
     */
    CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout);

    /**
     * Sends a request marked one-way (the peer sends no response); completes once it is written, fails with
     * {@link RemotingConnectionException} when it could not be.
     */
    CompletableFuture<Void> invokeOneway(RemotingCommand request);

    /** The peer's address. */
    SocketAddress remoteAddress();

    /** False once the connection closed. */
    boolean isActive();

    /** Closes the connection; completes when it is closed. */
    CompletableFuture<Void> close();
}
