package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.ConnectionListener;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Listens for connections speaking RocketMQ's remoting protocol and hands their requests to registered processors.
 * Register processors and listeners before {@link #start()}; {@link #close()} closes every connection and stops
 * every thread the server started.
 */
public final class RemotingServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemotingServer.class.getName());
    private static final int BACKLOG = 1024;

    private final RemotingServerConfig config;
    private final RequestDispatcher dispatcher = new RequestDispatcher();
    private final ConnectionListeners listeners = new ConnectionListeners();
    private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private Channel serverChannel;
    private boolean closed;

    public RemotingServer(RemotingServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        listeners.add(new ConnectionListener() {
            @Override
            public void connected(RemotingConnection connection) {
                connections.add((NettyConnection) connection);
            }

            @Override
            public void closed(RemotingConnection connection) {
                connections.remove((NettyConnection) connection);
            }
        });
    }

    /** Runs {@code processor} for requests of {@code code} on the I/O thread: it must not block. */
    public void registerProcessor(int code, RequestProcessor processor) {
        dispatcher.register(code, processor, null);
    }

    /** Runs {@code processor} for requests of {@code code} on {@code executor}; a refusal answers SYSTEM_BUSY. */
    public void registerProcessor(int code, RequestProcessor processor, Executor executor) {
        dispatcher.register(code, processor, Objects.requireNonNull(executor, "executor"));
    }

    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Binds the configured address; throws {@link UncheckedIOException} when it cannot. */
    public synchronized void start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException(closed ? "server is closed" : "server already started");
        }
        acceptor = EventLoops.create("capsule-remoting-accept", 1);
        io = EventLoops.create("capsule-remoting-server-io", config.ioThreads());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(EventLoops.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelSetup(config.maxFrameBytes(), config.idleTimeout(), dispatcher, listeners));
        ChannelFuture bound = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            EventLoops.stop(acceptor, io);
            Throwable cause = bound.cause();
            throw new UncheckedIOException(cause instanceof IOException io ? io
                    : new IOException("cannot bind " + config.host() + ":" + config.port(), cause));
        }
        serverChannel = bound.channel();
        LOG.log(System.Logger.Level.INFO, "remoting server listening on {0}", serverChannel.localAddress());
    }

    /** The address the server listens on. */
    public synchronized InetSocketAddress localAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("server not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The port the server listens on. */
    public int port() {
        return localAddress().getPort();
    }

    /** The connections open now. */
    public List<RemotingConnection> connections() {
        return new ArrayList<>(connections);
    }

    /** Stops listening, closes every connection (listeners hear of each) and stops the server's threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        for (NettyConnection connection : new ArrayList<>(connections)) {
            connection.close().join();
        }
        EventLoops.stop(acceptor, io);
        LOG.log(System.Logger.Level.INFO, "remoting server on {0} stopped", serverChannel.localAddress());
    }
}
