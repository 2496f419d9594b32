package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.protocol.FrameDescriptor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RemotingServer} listens.
 *
 * @param host          the address to bind (loopback by default)
 * @param port          the port to bind; 0 takes any free port ({@link RemotingServer#port()} tells which)
 * @param maxFrameBytes the largest frame accepted, its length field included; a larger one closes the connection
 * @param idleTimeout   a connection that neither reads nor writes for this long is closed; zero never closes
 * @param ioThreads     threads that read, write and run processors registered without an executor
 */
public record RemotingServerConfig(String host, int port, int maxFrameBytes, Duration idleTimeout, int ioThreads) {
    /** RocketMQ closes connections idle for 120 s; so do we by default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);

    public RemotingServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if (maxFrameBytes < FrameDescriptor.HEADER_OFFSET) {
            throw new IllegalArgumentException("maxFrameBytes must be at least " + FrameDescriptor.HEADER_OFFSET
                    + ": " + maxFrameBytes);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
        }
    }

    /** Loopback, any free port, 16 MiB frames, 120 s idle timeout, up to 4 I/O threads. */
    public static RemotingServerConfig defaults() {
        return new RemotingServerConfig("127.0.0.1", 0, FrameDescriptor.DEFAULT_MAX_FRAME_BYTES, DEFAULT_IDLE_TIMEOUT,
                Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public RemotingServerConfig withHost(String host) {
        return new RemotingServerConfig(host, port, maxFrameBytes, idleTimeout, ioThreads);
    }

    public RemotingServerConfig withPort(int port) {
        return new RemotingServerConfig(host, port, maxFrameBytes, idleTimeout, ioThreads);
    }

    public RemotingServerConfig withMaxFrameBytes(int maxFrameBytes) {
        return new RemotingServerConfig(host, port, maxFrameBytes, idleTimeout, ioThreads);
    }

    public RemotingServerConfig withIdleTimeout(Duration idleTimeout) {
        return new RemotingServerConfig(host, port, maxFrameBytes, idleTimeout, ioThreads);
    }

    public RemotingServerConfig withIoThreads(int ioThreads) {
        return new RemotingServerConfig(host, port, maxFrameBytes, idleTimeout, ioThreads);
    }
}
