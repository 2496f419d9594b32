package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.remoting.netty.RemotingServerConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link NameServer} runs.
 *
 * @param server        where it listens and how (frame limit, idle timeout, I/O threads)
 * @param brokerExpiry  a broker not heard from for this long is dropped with its routes, unless it registered with
 *                      a timeout of its own (RocketMQ's 120 s)
 * @param scanInterval  how often silent brokers are looked for (RocketMQ's 5 s)
 * @param workerThreads threads that answer requests, off the I/O threads
 * @param kvConfigFile  where the key-value configuration is kept (RocketMQ's kvConfig.json), or null to keep it in
 *                      memory only
 * @param clock         the time brokers are last heard from and silence is measured against
 */
public record NameServerConfig(RemotingServerConfig server, Duration brokerExpiry, Duration scanInterval,
                               int workerThreads, Path kvConfigFile, Clock clock) {
    /** RocketMQ's NameServer port. */
    public static final int DEFAULT_PORT = 9876;

    public NameServerConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(clock, "clock");
        if (brokerExpiry == null || brokerExpiry.isNegative() || brokerExpiry.isZero()) {
            throw new IllegalArgumentException("brokerExpiry must be positive: " + brokerExpiry);
        }
        if (scanInterval == null || scanInterval.isNegative() || scanInterval.isZero()) {
            throw new IllegalArgumentException("scanInterval must be positive: " + scanInterval);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1: " + workerThreads);
        }
    }

    /**
     * Loopback, port 9876, RocketMQ's 16 MiB frames and 120 s idle timeout, brokers dropped after 120 s of silence,
     * looked for every 5 s, key-value configuration in memory.
     */
    public static NameServerConfig defaults() {
        return new NameServerConfig(RemotingServerConfig.defaults().withPort(DEFAULT_PORT), Duration.ofSeconds(120),
                Duration.ofSeconds(5), Math.min(4, Runtime.getRuntime().availableProcessors()), null,
                Clock.systemUTC());
    }

    public NameServerConfig withServer(RemotingServerConfig server) {
        return new NameServerConfig(server, brokerExpiry, scanInterval, workerThreads, kvConfigFile, clock);
    }

    /** The same on another port; 0 takes any free port. */
    public NameServerConfig withPort(int port) {
        return withServer(server.withPort(port));
    }

    public NameServerConfig withBrokerExpiry(Duration brokerExpiry) {
        return new NameServerConfig(server, brokerExpiry, scanInterval, workerThreads, kvConfigFile, clock);
    }

    public NameServerConfig withScanInterval(Duration scanInterval) {
        return new NameServerConfig(server, brokerExpiry, scanInterval, workerThreads, kvConfigFile, clock);
    }

    public NameServerConfig withWorkerThreads(int workerThreads) {
        return new NameServerConfig(server, brokerExpiry, scanInterval, workerThreads, kvConfigFile, clock);
    }

    public NameServerConfig withKvConfigFile(Path kvConfigFile) {
        return new NameServerConfig(server, brokerExpiry, scanInterval, workerThreads, kvConfigFile, clock);
    }

    public NameServerConfig withClock(Clock clock) {
        return new NameServerConfig(server, brokerExpiry, scanInterval, workerThreads, kvConfigFile, clock);
    }
}
