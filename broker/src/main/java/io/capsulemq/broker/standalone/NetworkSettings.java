package io.capsulemq.broker.standalone;

import io.capsulemq.broker.namesrv.NameServerConfig;
import io.capsulemq.broker.registration.RegistrarConfig;
import io.capsulemq.broker.remoting.netty.RemotingServerConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the broker and its embedded NameServer listen, the address the broker gives its NameServers, and how it
 * registers: RocketMQ's listenPort, bindAddress, brokerIP1, namesrvAddr and registration settings, plus Capsule's
 * namesrvListenPort.
 *
 * @param brokerServer       where the broker listens
 * @param nameServer         the embedded NameServer, or null when namesrvListenPort is 0
 * @param brokerIp           brokerIP1, the address clients are given, as bytes (also the store host)
 * @param brokerAddr         brokerIP1:listenPort
 * @param nameServers        every NameServer to register with: namesrvAddr's, then the embedded one if not listed
 * @param registerInterval   registerNameServerPeriod
 * @param registerTimeout    registerBrokerTimeoutMills
 */
record NetworkSettings(RemotingServerConfig brokerServer, NameServerConfig nameServer, byte[] brokerIp,
                       String brokerAddr, List<String> nameServers, Duration registerInterval,
                       Duration registerTimeout) {
    /** RocketMQ's broker port. */
    static final int DEFAULT_LISTEN_PORT = 10911;
    static final String LOOPBACK = "127.0.0.1";
    static final String NAMESRV_LISTEN_PORT = "namesrvListenPort";
    static final String NAMESRV_ADDR = "namesrvAddr";
    /** A RocketMQ broker waits 24 s for a NameServer's answer to its registration. */
    private static final Duration DEFAULT_REGISTER_TIMEOUT = Duration.ofSeconds(24);
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    static NetworkSettings read(ConfEntries conf, Path storeRoot) {
        String bindAddress = conf.nonEmpty("bindAddress").orElse(LOOPBACK);
        InetAddress bind = ipLiteral("bindAddress", bindAddress);
        int listenPort = conf.integer("listenPort", 1, 65535).orElse(DEFAULT_LISTEN_PORT);
        RemotingServerConfig server = RemotingServerConfig.defaults().withHost(bindAddress).withPort(listenPort);
        server = conf.integer("serverSelectorThreads", 1, 256).map(server::withIoThreads).orElse(server);
        server = conf.seconds("serverChannelMaxIdleTimeSeconds", Duration.ZERO).map(server::withIdleTimeout)
                .orElse(server);

        // Clients are told brokerIP1; by default the bound address, or loopback when bound to every interface.
        String advertised = bind.isAnyLocalAddress() ? LOOPBACK : bindAddress;
        String brokerIp1 = conf.nonEmpty("brokerIP1").orElse(advertised);
        byte[] brokerIp = ipLiteral("brokerIP1", brokerIp1).getAddress();
        String brokerAddr = hostPort(brokerIp1, listenPort);

        int namesrvPort = conf.integer(NAMESRV_LISTEN_PORT, 0, 65535).orElse(NameServerConfig.DEFAULT_PORT);
        if (namesrvPort == listenPort) {
            throw new BrokerConfException(NAMESRV_LISTEN_PORT, Integer.toString(namesrvPort),
                    "is also the broker's listenPort");
        }
        NameServerConfig nameServer = namesrvPort == 0 ? null : NameServerConfig.defaults()
                .withServer(server.withPort(namesrvPort))
                .withKvConfigFile(storeRoot.resolve("namesrv").resolve("kvConfig.json"));
        List<String> nameServers = new ArrayList<>(nameServerAddresses(conf));
        if (nameServer != null) {
            String embedded = hostPort(advertised, namesrvPort);
            if (!nameServers.contains(embedded)) {
                nameServers.add(embedded);
            }
        } else if (nameServers.isEmpty()) {
            throw new BrokerConfException(NAMESRV_LISTEN_PORT, "0",
                    "leaves the broker without a NameServer: give " + NAMESRV_ADDR + " too");
        }

        Duration interval = conf.millis("registerNameServerPeriod", Duration.ofMillis(1))
                .orElse(RegistrarConfig.DEFAULT_REGISTER_INTERVAL);
        Duration timeout = conf.millis("registerBrokerTimeoutMills", Duration.ofMillis(1))
                .orElse(DEFAULT_REGISTER_TIMEOUT);
        return new NetworkSettings(server, nameServer, brokerIp, brokerAddr, List.copyOf(nameServers), interval,
                timeout);
    }

    /** namesrvAddr: {@code host:port} entries separated by semicolons, each port a real one. */
    private static List<String> nameServerAddresses(ConfEntries conf) {
        String value = conf.text(NAMESRV_ADDR).orElse("");
        List<String> addresses = RegistrarConfig.parseNameServers(value);
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            String port = colon < 0 ? "" : address.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65535) {
                throw new BrokerConfException(NAMESRV_ADDR, value, "has an entry that is not host:port: " + address);
            }
        }
        if (addresses.stream().distinct().count() != addresses.size()) {
            throw new BrokerConfException(NAMESRV_ADDR, value, "names a NameServer twice");
        }
        return addresses;
    }

    /** An IP address written as such: never looked up in DNS, so a typo is an error rather than a slow start. */
    private static InetAddress ipLiteral(String key, String value) {
        if (IPV4.matcher(value).matches() || value.contains(":")) {
            try {
                // Both forms are parsed, not resolved: getByName looks up neither.
                return InetAddress.getByName(value);
            } catch (UnknownHostException e) {
                // An unparsable IPv6 literal: reported below.
            }
        }
        throw new BrokerConfException(key, value, "is not an IP address");
    }

    private static String hostPort(String ip, int port) {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
