package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.registration.RegistrarConfig;
import io.capsulemq.broker.store.StoreConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a standalone broker's settings from a properties file using Apache RocketMQ's broker.conf key names (so an
 * operator's existing broker.conf works), plus {@code namesrvListenPort} for the embedded NameServer (0 for none).
 * A key Capsule does not know is reported in {@link StandaloneSettings#warnings()} and ignored; a value it cannot run
 * with stops the reading with a {@link BrokerConfException} naming the key and the value.
 *
 * <p>Where Capsule's defaults differ from RocketMQ's: the broker binds to loopback unless {@code bindAddress} says
 * otherwise, the store lives in {@code capsule-data} under the working folder unless {@code storePathRootDir} says
 * otherwise, and an embedded NameServer runs on 9876.
 */
public final class BrokerConfFile {
    private static final System.Logger LOG = System.getLogger(BrokerConfFile.class.getName());
    /** Where the store lives when storePathRootDir is not given, relative to the working folder. */
    public static final Path DEFAULT_DATA_DIR = Path.of("capsule-data");

    private BrokerConfFile() {
    }

    /** The settings of {@code file}, read as UTF-8 properties. */
    public static StandaloneSettings read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokerConfException("cannot read broker configuration " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return parse(values);
    }

    /** Every setting at its default: what the broker runs with when given no file. */
    public static StandaloneSettings defaults() {
        return parse(Map.of());
    }

    /** The settings these key-value pairs give. */
    public static StandaloneSettings parse(Map<String, String> values) {
        ConfEntries conf = new ConfEntries(values);
        List<String> warnings = new ArrayList<>();
        Path root = StoreSettings.rootDir(conf, DEFAULT_DATA_DIR);
        NetworkSettings network = NetworkSettings.read(conf, root);
        StoreConfig store = StoreSettings.read(conf, root, network.brokerIp(), network.brokerServer().port());
        BrokerConfig broker = EngineSettings.read(conf, store, warnings);
        IgnoredKeys.read(conf, warnings);
        for (String key : conf.unread()) {
            warnings.add("unknown key " + key + " is ignored");
        }
        warnings.forEach(warning -> LOG.log(System.Logger.Level.WARNING, "broker.conf: {0}", warning));
        return settings(broker, network, warnings);
    }

    /**
     * An engine configured elsewhere (the resource adapter's embedded broker) served on the network that
     * {@code network} describes with broker.conf's network keys (listenPort, bindAddress, brokerIP1,
     * namesrvListenPort, namesrvAddr, registerNameServerPeriod, registerBrokerTimeoutMills, ...). Every message the
     * engine stores from now on carries brokerIP1:listenPort as its store host, as offset message ids need.
     *
     * @throws BrokerConfException naming a key that is not a network key, or a value the network cannot use
     */
    public static StandaloneSettings network(BrokerConfig engine, Map<String, String> network) {
        ConfEntries conf = new ConfEntries(network);
        NetworkSettings read = NetworkSettings.read(conf, engine.store().rootDir());
        String unknown = conf.unread().stream().findFirst().orElse(null);
        if (unknown != null) {
            throw new BrokerConfException(unknown, network.get(unknown), "is not a network setting");
        }
        StoreConfig store = engine.store().toBuilder()
                .storeHost(read.brokerIp(), read.brokerServer().port()).build();
        return settings(engine.withStore(store), read, List.of());
    }

    private static StandaloneSettings settings(BrokerConfig broker, NetworkSettings network, List<String> warnings) {
        RegistrarConfig registrar = new RegistrarConfig(broker.clusterName(), broker.brokerName(),
                network.brokerAddr(), "", network.nameServers(), network.registerInterval(),
                network.registerTimeout(), RegistrarConfig.DEFAULT_MAX_BODY_BYTES, null);
        return new StandaloneSettings(broker, network.brokerServer(), network.nameServer(), network.brokerAddr(),
                registrar, warnings);
    }
}
