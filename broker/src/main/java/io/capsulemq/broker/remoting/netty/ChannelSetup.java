package io.capsulemq.broker.remoting.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds a connection's pipeline, the same on server and client: flush consolidation, idle check, frame decoder,
 * encoder, handler.
 */
final class ChannelSetup extends ChannelInitializer<SocketChannel> {
    /**
     * Most flushes that may be held back before one is let through. Answers written while a read is being handled
     * go out with one system call when the read is done; answers completed on other threads (a group commit
     * completes many at once) are flushed together once the I/O thread has run the writes queued for it.
     */
    private static final int FLUSHES_CONSOLIDATED = 256;

    private final int maxFrameBytes;
    private final Duration idleTimeout;
    private final RequestDispatcher dispatcher;
    private final ConnectionListeners listeners;

    ChannelSetup(int maxFrameBytes, Duration idleTimeout, RequestDispatcher dispatcher,
            ConnectionListeners listeners) {
        this.maxFrameBytes = maxFrameBytes;
        this.idleTimeout = idleTimeout;
        this.dispatcher = dispatcher;
        this.listeners = listeners;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        NettyConnection connection = NettyConnection.attach(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(new FlushConsolidationHandler(FLUSHES_CONSOLIDATED, true));
        if (!idleTimeout.isZero()) {
            pipeline.addLast(new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
            pipeline.addLast(IdleConnectionCloser.INSTANCE);
        }
        pipeline.addLast(new CommandDecoder(maxFrameBytes));
        pipeline.addLast(CommandEncoder.INSTANCE);
        pipeline.addLast(new CommandHandler(connection, dispatcher, listeners));
    }
}
