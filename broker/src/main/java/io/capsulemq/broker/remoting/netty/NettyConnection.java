package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RemotingConnectionException;
import io.capsulemq.broker.remoting.RemotingTimeoutException;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.EncoderException;
import io.netty.util.AttributeKey;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link RemotingConnection} over one Netty channel: its own opaque counter and table of pending calls. */
final class NettyConnection implements RemotingConnection {
    private static final System.Logger LOG = System.getLogger(NettyConnection.class.getName());
    private static final AttributeKey<NettyConnection> KEY = AttributeKey.valueOf(NettyConnection.class.getName());

    private final Channel channel;
    private final PendingCalls pending = new PendingCalls();
    private final AtomicInteger nextOpaque = new AtomicInteger();

    private NettyConnection(Channel channel) {
        this.channel = channel;
    }

    /** Creates the connection of a new channel and attaches it to the channel. */
    static NettyConnection attach(Channel channel) {
        NettyConnection connection = new NettyConnection(channel);
        channel.attr(KEY).set(connection);
        return connection;
    }

    /** The connection attached to {@code channel}. */
    static NettyConnection of(Channel channel) {
        return Objects.requireNonNull(channel.attr(KEY).get(), "channel has no connection");
    }

    @Override
    public CompletableFuture<RemotingCommand> invoke(RemotingCommand request, Duration timeout) {
        requireAnswerable(request);
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        if (!channel.isActive()) {
            future.completeExceptionally(closedFailure(request));
            return future;
        }
        int opaque = nextOpaque.getAndIncrement();
        RemotingCommand wire = request.toBuilder().opaque(opaque).build();
        pending.add(opaque, future);
        try {
            ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> future.completeExceptionally(
                    new RemotingTimeoutException("no response to " + describe(wire) + " from " + remoteAddress()
                            + " within " + timeout.toMillis() + " ms")), timeout.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((response, failure) -> timer.cancel(false));
        } catch (RejectedExecutionException shuttingDown) {
            future.completeExceptionally(closedFailure(request));
            return future;
        }
        channel.writeAndFlush(wire).addListener((ChannelFuture written) -> {
            if (!written.isSuccess()) {
                future.completeExceptionally(new RemotingConnectionException("could not send " + describe(wire)
                        + " to " + remoteAddress(), written.cause()));
            }
        });
        return future;
    }

    @Override
    public CompletableFuture<Void> invokeOneway(RemotingCommand request) {
        requireRequest(request);
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (!channel.isActive()) {
            future.completeExceptionally(closedFailure(request));
            return future;
        }
        RemotingCommand wire = request.toBuilder().opaque(nextOpaque.getAndIncrement()).markOneway().build();
        channel.writeAndFlush(wire).addListener((ChannelFuture written) -> {
            if (written.isSuccess()) {
                future.complete(null);
            } else {
                future.completeExceptionally(new RemotingConnectionException("could not send " + describe(wire)
                        + " to " + remoteAddress(), written.cause()));
            }
        });
        return future;
    }

    /**
     * Answers {@code request}: the response goes back with its opaque and serialize type; one-way requests get none.
     * A response that cannot be encoded (a code too large for the request's binary header, say) is replaced by a
     * {@code SYSTEM_ERROR} saying so, so the caller is not left waiting for its timeout.
     */
    void reply(RemotingCommand request, RemotingCommand response) {
        if (!request.isOneway()) {
            writeReply(request, response, true);
        }
    }

    private void writeReply(RemotingCommand request, RemotingCommand response, boolean replaceIfUnencodable) {
        RemotingCommand wire = response.toBuilder()
                .opaque(request.opaque())
                .serializeType(request.serializeType())
                .markResponse()
                .build();
        channel.writeAndFlush(wire).addListener((ChannelFuture written) -> {
            if (written.isSuccess()) {
                return;
            }
            Throwable cause = written.cause();
            if (replaceIfUnencodable && cause instanceof EncoderException && channel.isActive()) {
                LOG.log(System.Logger.Level.ERROR, "could not encode the answer to " + describe(request) + " on "
                        + this + "; answering SYSTEM_ERROR instead", cause);
                String reason = cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage();
                writeReply(request, RemotingCommand.response(ResponseCode.SYSTEM_ERROR,
                        "the response could not be encoded: " + reason), false);
                return;
            }
            System.Logger.Level level = channel.isActive() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
            LOG.log(level, "could not answer " + describe(request) + " on " + this, cause);
        });
    }

    /** Hands a response to the call waiting for it. */
    void responseArrived(RemotingCommand response) {
        if (!pending.complete(response)) {
            LOG.log(System.Logger.Level.DEBUG, "no call waits for {0} on {1} (timed out?)", response, this);
        }
    }

    /** The channel closed: every waiting call fails now rather than at its timeout. */
    void closed() {
        pending.failAll(new RemotingConnectionException("connection " + this + " closed", null));
    }

    int pendingCallCount() {
        return pending.size();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(done -> closed.complete(null));
        return closed;
    }

    @Override
    public String toString() {
        return channel.localAddress() + " -> " + channel.remoteAddress();
    }

    private RemotingConnectionException closedFailure(RemotingCommand request) {
        return new RemotingConnectionException("cannot send " + describe(request) + ": connection " + this
                + " is closed", null);
    }

    private static void requireRequest(RemotingCommand request) {
        if (request.isResponse()) {
            throw new IllegalArgumentException("not a request: " + request);
        }
    }

    private static void requireAnswerable(RemotingCommand request) {
        requireRequest(request);
        if (request.isOneway()) {
            throw new IllegalArgumentException("a one-way request gets no answer; use invokeOneway: " + request);
        }
    }

    private static String describe(RemotingCommand request) {
        return "request " + RequestCode.nameOf(request.code()) + " (opaque " + request.opaque() + ")";
    }
}
