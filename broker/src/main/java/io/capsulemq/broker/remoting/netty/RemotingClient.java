package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.ConnectionListener;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RemotingConnectionException;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Opens connections to remoting servers, one per address, reused while it stays open. Requests the server sends
 * back on a connection go to the processors registered here. {@link #close()} closes every connection and stops
 * the client's threads.
 */
public final class RemotingClient implements AutoCloseable {
    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final ConnectionListeners listeners = new ConnectionListeners();
    private final Map<String, CompletableFuture<RemotingConnection>> connections = new ConcurrentHashMap<>();
    private final EventLoopGroup io;
    private final Bootstrap bootstrap;
    private volatile boolean closed;

    public RemotingClient(RemotingClientConfig config) {
        Objects.requireNonNull(config, "config");
        io = EventLoops.create("capsule-remoting-client-io", config.ioThreads());
        bootstrap = new Bootstrap()
                .group(io)
                .channel(EventLoops.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelSetup(config.maxFrameBytes(), config.idleTimeout(), dispatcher, listeners));
    }

    /** Runs {@code processor} for server requests of {@code code} on the I/O thread: it must not block. */
    public void registerProcessor(int code, RequestProcessor processor) {
        dispatcher.register(code, processor, null);
    }

    /** Runs {@code processor} for server requests of {@code code} on {@code executor}. */
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        dispatcher.register(code, processor, Objects.requireNonNull(executor, "executor"));
    }

    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The open connection to {@code address} ({@code host:port}), opening one if there is none. Fails with
     * {@link RemotingConnectionException} when the server cannot be reached.
     */
    public CompletableFuture<RemotingConnection> connect(String address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RemotingConnectionException("client is closed", null));
        }
        while (true) {
            CompletableFuture<RemotingConnection> existing = connections.get(address);
            if (isUsable(existing)) {
                return existing;
            }
            CompletableFuture<RemotingConnection> fresh = new CompletableFuture<>();
            boolean claimed = existing == null ? connections.putIfAbsent(address, fresh) == null
                    : connections.replace(address, existing, fresh);
            if (claimed) {
                open(address, fresh);
                return fresh;
            }
        }
    }

    /** Sends a request to {@code address}, connecting first when needed; see {@link RemotingConnection#invoke}. */
    public CompletableFuture<RemotingCommand> invoke(String address, RemotingCommand request, Duration timeout) {
        return connect(address).thenCompose(connection -> connection.invoke(request, timeout));
    }

    /** Sends a one-way request to {@code address}, connecting first when needed. */
    public CompletableFuture<Void> invokeOneway(String address, RemotingCommand request) {
        return connect(address).thenCompose(connection -> connection.invokeOneway(request));
    }

    /** Closes every connection and stops the client's threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (CompletableFuture<RemotingConnection> connection : new ArrayList<>(connections.values())) {
            connection.thenCompose(RemotingConnection::close).exceptionally(failure -> null).join();
        }
        connections.clear();
        EventLoops.stop(io);
    }

    private static boolean isUsable(CompletableFuture<RemotingConnection> connection) {
        if (connection == null || connection.isCompletedExceptionally()) {
            return false;
        }
        return !connection.isDone() || connection.join().isActive();
    }

    /** Opens the connection {@code opened} waits for; it leaves the table when it fails or later closes. */
    private void open(String address, CompletableFuture<RemotingConnection> opened) {
        InetSocketAddress remote;
        try {
            remote = parse(address);
        } catch (IllegalArgumentException e) {
            connections.remove(address, opened);
            opened.completeExceptionally(new RemotingConnectionException("bad address " + address, e));
            return;
        }
        bootstrap.connect(remote).addListener((ChannelFuture connected) -> {
            if (connected.isSuccess()) {
                connected.channel().closeFuture().addListener(done -> connections.remove(address, opened));
                opened.complete(NettyConnection.of(connected.channel()));
            } else {
                connections.remove(address, opened);
                opened.completeExceptionally(new RemotingConnectionException("cannot connect to " + address,
                        connected.cause()));
            }
        });
    }

    /** {@code host:port}, the host possibly a bracketed IPv6 address. */
    private static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("expected host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(address.substring(colon + 1)));
    }
}
