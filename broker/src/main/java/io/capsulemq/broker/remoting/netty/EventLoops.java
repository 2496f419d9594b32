package io.capsulemq.broker.remoting.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/** Creates named I/O thread groups and stops them completely. */
final class EventLoops {
    private static final System.Logger LOG = System.getLogger(EventLoops.class.getName());
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private EventLoops() {
    }

    /** A group of {@code threads} daemon threads named after {@code name}. */
    static EventLoopGroup create(String name, int threads) {
        return new NioEventLoopGroup(threads, new DefaultThreadFactory(name, true));
    }

    /** Stops the groups at once (no quiet period) and waits until their threads are gone. */
    static void stop(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        boolean interrupted = false;
        for (EventLoopGroup group : groups) {
            try {
                if (!group.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "I/O threads did not stop within {0} s",
                            STOP_TIMEOUT_SECONDS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
