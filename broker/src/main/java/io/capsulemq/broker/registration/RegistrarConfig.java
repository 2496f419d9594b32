package io.capsulemq.broker.registration;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.remoting.protocol.FrameDescriptor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who the broker is to its NameServers and how it registers.
 *
 * @param clusterName      the cluster the broker belongs to
 * @param brokerName       the broker's name (its master and slaves share it)
 * @param brokerAddr       where clients reach the broker, {@code host:port}
 * @param haServerAddr     where slaves would replicate from; empty, as Capsule has no replication
 * @param nameServers      every NameServer to register with, {@code host:port} each
 * @param registerInterval how often the broker registers in full (RocketMQ's 30 s)
 * @param requestTimeout   how long one registration frame may wait for its answer
 * @param maxBodyBytes     the largest registration body sent in one frame; more topics are split over several
 * @param heartbeatTimeout how long a NameServer should wait before dropping the broker, or null for the NameServer's
 *                         own default (120 s)
 */
public record RegistrarConfig(String clusterName, String brokerName, String brokerAddr, String haServerAddr,
                              List<String> nameServers, Duration registerInterval, Duration requestTimeout,
                              int maxBodyBytes, Duration heartbeatTimeout) {
    /** Register every 30 s, as RocketMQ's brokers do. */
    public static final Duration DEFAULT_REGISTER_INTERVAL = Duration.ofSeconds(30);
    /**
     * 4 MiB: well under the 16 MiB frame limit of RocketMQ's NameServer and ours, so no NameServer has to take one
     * huge frame; about 20,000 topics fit in one.
     */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** Room left in a frame for its header (broker name, addresses, checksum) beside the body. */
    static final int HEADER_ALLOWANCE = 4 * 1024;

    public RegistrarConfig {
        requireText(clusterName, "clusterName");
        requireText(brokerName, "brokerName");
        requireText(brokerAddr, "brokerAddr");
        Objects.requireNonNull(haServerAddr, "haServerAddr");
        nameServers = List.copyOf(Objects.requireNonNull(nameServers, "nameServers"));
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("nameServers must name at least one NameServer");
        }
        nameServers.forEach(address -> requireText(address, "nameServers entry"));
        if (nameServers.stream().distinct().count() != nameServers.size()) {
            throw new IllegalArgumentException("nameServers names a NameServer twice: " + nameServers);
        }
        requirePositive(registerInterval, "registerInterval");
        requirePositive(requestTimeout, "requestTimeout");
        if (heartbeatTimeout != null) {
            requirePositive(heartbeatTimeout, "heartbeatTimeout");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > FrameDescriptor.DEFAULT_MAX_FRAME_BYTES - HEADER_ALLOWANCE) {
            throw new IllegalArgumentException("maxBodyBytes must be in [1024, "
                    + (FrameDescriptor.DEFAULT_MAX_FRAME_BYTES - HEADER_ALLOWANCE) + "]: " + maxBodyBytes);
        }
    }

    /**
     * The broker named in {@code broker}, reached at {@code brokerAddr}, registering with {@code nameServers} every
     * 30 s in frames of at most 4 MiB, each waiting up to 10 s for its answer.
     */
    public static RegistrarConfig of(BrokerConfig broker, String brokerAddr, List<String> nameServers) {
        return new RegistrarConfig(broker.clusterName(), broker.brokerName(), brokerAddr, "", nameServers,
                DEFAULT_REGISTER_INTERVAL, Duration.ofSeconds(10), DEFAULT_MAX_BODY_BYTES, null);
    }

    /**
     * The NameServer addresses of a RocketMQ {@code namesrvAddr} setting: {@code host:port} entries separated by
     * semicolons.
     */
    public static List<String> parseNameServers(String namesrvAddr) {
        return java.util.Arrays.stream(namesrvAddr.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public RegistrarConfig withRegisterInterval(Duration registerInterval) {
        return new RegistrarConfig(clusterName, brokerName, brokerAddr, haServerAddr, nameServers, registerInterval,
                requestTimeout, maxBodyBytes, heartbeatTimeout);
    }

    public RegistrarConfig withRequestTimeout(Duration requestTimeout) {
        return new RegistrarConfig(clusterName, brokerName, brokerAddr, haServerAddr, nameServers, registerInterval,
                requestTimeout, maxBodyBytes, heartbeatTimeout);
    }

    public RegistrarConfig withMaxBodyBytes(int maxBodyBytes) {
        return new RegistrarConfig(clusterName, brokerName, brokerAddr, haServerAddr, nameServers, registerInterval,
                requestTimeout, maxBodyBytes, heartbeatTimeout);
    }

    public RegistrarConfig withHeartbeatTimeout(Duration heartbeatTimeout) {
        return new RegistrarConfig(clusterName, brokerName, brokerAddr, haServerAddr, nameServers, registerInterval,
                requestTimeout, maxBodyBytes, heartbeatTimeout);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
