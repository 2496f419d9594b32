package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.namesrv.NameServerConfig;
import io.capsulemq.broker.registration.RegistrarConfig;
import io.capsulemq.broker.remoting.netty.RemotingServerConfig;
import io.capsulemq.broker.store.StoreConfig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a standalone broker needs to start, built from a broker.conf by {@link BrokerConfFile}: the engine's
 * and store's configuration, where the broker and its embedded NameServer listen, the address it registers under,
 * the NameServers it registers with, and the warnings about the file (unknown keys, settings without effect).
 */
public final class StandaloneSettings {
    private final BrokerConfig broker;
    private final RemotingServerConfig brokerServer;
    private final NameServerConfig nameServer;
    private final String brokerAddr;
    private final RegistrarConfig registrar;
    private final List<String> warnings;

    StandaloneSettings(BrokerConfig broker, RemotingServerConfig brokerServer, NameServerConfig nameServer,
                       String brokerAddr, RegistrarConfig registrar, List<String> warnings) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.brokerServer = Objects.requireNonNull(brokerServer, "brokerServer");
        this.nameServer = nameServer;
        this.brokerAddr = Objects.requireNonNull(brokerAddr, "brokerAddr");
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.warnings = List.copyOf(warnings);
    }

    /** The engine's configuration, its store's inside ({@link BrokerConfig#store()}). */
    public BrokerConfig broker() {
        return broker;
    }

    public StoreConfig store() {
        return broker.store();
    }

    /** Where the broker listens: bindAddress (loopback by default) and listenPort (10911 by default). */
    public RemotingServerConfig brokerServer() {
        return brokerServer;
    }

    /** The embedded NameServer (on namesrvListenPort, 9876 by default), or empty when namesrvListenPort is 0. */
    public Optional<NameServerConfig> nameServer() {
        return Optional.ofNullable(nameServer);
    }

    /** The address clients are given, brokerIP1:listenPort. */
    public String brokerAddr() {
        return brokerAddr;
    }

    /** The broker's port. */
    public int brokerPort() {
        return brokerServer.port();
    }

    /** The embedded NameServer's port, or 0 when there is none. */
    public int nameServerPort() {
        return nameServer == null ? 0 : nameServer.server().port();
    }

    /** Every NameServer the broker registers with: namesrvAddr's, and the embedded one. */
    public List<String> nameServers() {
        return registrar.nameServers();
    }

    /** How the broker registers with its NameServers. */
    public RegistrarConfig registrar() {
        return registrar;
    }

    /** What the file said that Capsule ignores (unknown keys, settings without effect), one sentence each. */
    public List<String> warnings() {
        return warnings;
    }
}
