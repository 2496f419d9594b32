package io.capsulemq.broker.remoting.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * Creates named I/O thread groups and stops them completely, and says which channel classes go with them: Linux's
 * native epoll transport where Netty's native library loads (fewer system calls and less garbage per read and write
 * than the JDK selector), the JDK's NIO transport elsewhere. Setting the system property
 * {@value #NIO_PROPERTY} to {@code true} forces NIO.
 */
final class EventLoops {
    private static final System.Logger LOG = System.getLogger(EventLoops.class.getName());
    private static final long STOP_TIMEOUT_SECONDS = 5;
    static final String NIO_PROPERTY = "capsule.remoting.nio";
    private static final boolean EPOLL = epollUsable();

    private EventLoops() {
    }

    /** A group of {@code threads} daemon threads named after {@code name}. */
    static EventLoopGroup create(String name, int threads) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** The listening channel class for groups made by {@link #create}. */
    static Class<? extends ServerSocketChannel> serverChannelClass() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The connecting channel class for groups made by {@link #create}. */
    static Class<? extends SocketChannel> socketChannelClass() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Whether the groups use the native epoll transport. */
    static boolean nativeTransport() {
        return EPOLL;
    }

    private static boolean epollUsable() {
        if (Boolean.getBoolean(NIO_PROPERTY)) {
            return false;
        }
        try {
            if (Epoll.isAvailable()) {
                return true;
            }
            LOG.log(System.Logger.Level.DEBUG, "native epoll transport unavailable, using NIO: {0}",
                    String.valueOf(Epoll.unavailabilityCause()));
        } catch (LinkageError e) {
            // Netty's epoll classes are not on this class path (an application server may leave them out).
            LOG.log(System.Logger.Level.DEBUG, "native epoll transport classes missing, using NIO: {0}", e.toString());
        }
        return false;
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
