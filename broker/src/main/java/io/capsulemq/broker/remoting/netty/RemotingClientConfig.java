package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.protocol.FrameDescriptor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RemotingClient} connects.
 *
 * @param maxFrameBytes  the largest frame accepted, its length field included; a larger one closes the connection
 * @param idleTimeout    a connection that neither reads nor writes for this long is closed; zero never closes
 * @param connectTimeout how long opening a connection may take
 * @param ioThreads      threads that read, write and run processors registered without an executor
 */
public record RemotingClientConfig(int maxFrameBytes, Duration idleTimeout, Duration connectTimeout, int ioThreads) {
    public RemotingClientConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxFrameBytes < FrameDescriptor.HEADER_OFFSET) {
            throw new IllegalArgumentException("maxFrameBytes must be at least " + FrameDescriptor.HEADER_OFFSET
                    + ": " + maxFrameBytes);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be positive and under 24 days: " + connectTimeout);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
        }
    }

    /** 16 MiB frames, 120 s idle timeout, 3 s to connect, one I/O thread. */
    public static RemotingClientConfig defaults() {
        return new RemotingClientConfig(FrameDescriptor.DEFAULT_MAX_FRAME_BYTES,
                RemotingServerConfig.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(3), 1);
    }

    public RemotingClientConfig withMaxFrameBytes(int maxFrameBytes) {
        return new RemotingClientConfig(maxFrameBytes, idleTimeout, connectTimeout, ioThreads);
    }

    public RemotingClientConfig withIdleTimeout(Duration idleTimeout) {
        return new RemotingClientConfig(maxFrameBytes, idleTimeout, connectTimeout, ioThreads);
    }

    public RemotingClientConfig withConnectTimeout(Duration connectTimeout) {
        return new RemotingClientConfig(maxFrameBytes, idleTimeout, connectTimeout, ioThreads);
    }

    public RemotingClientConfig withIoThreads(int ioThreads) {
        return new RemotingClientConfig(maxFrameBytes, idleTimeout, connectTimeout, ioThreads);
    }
}
