package io.capsulemq.rar;

import io.capsulemq.client.remote.AccessCredentials;
import io.capsulemq.client.remote.RemoteEndpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The adapter's configuration as the server set its properties, checked: the mode, where the embedded broker
 * keeps its store (in the remote mode: the adapter's XA branch log), the name clients reach it by (in the remote
 * mode: the NameServer addresses), the engine settings (the same names as a {@code local:} endpoint's, see the
 * client's {@code BrokerSettings}) and where the embedded broker listens on the network.
 *
 * @param endpoint       the name the embedded broker is registered under for the native API (its broker name)
 * @param brokerSettings engine and store settings by name
 * @param listener       the embedded broker's network listener, {@link ListenerProperties#NONE} for none
 * @param namesrvAddr    further NameServers the embedded broker registers with, or empty
 * @param credentials    in the remote mode, what the adapter's requests to the cluster are signed with; null for
 *                       none (always none in the embedded mode)
 */
public record AdapterSettings(BrokerMode mode, Path storeDir, String endpoint, Map<String, String> brokerSettings,
                              ListenerProperties listener, String namesrvAddr, AccessCredentials credentials) {
    /** The store folder's name under the server instance's folder when none is set. */
    static final String DEFAULT_STORE_FOLDER = "capsule-data";

    public AdapterSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(storeDir, "storeDir");
        Objects.requireNonNull(listener, "listener");
        brokerSettings = Map.copyOf(brokerSettings);
        if (credentials != null && mode != BrokerMode.REMOTE) {
            throw new IllegalArgumentException("credentials are for mode=remote; the embedded broker checks none");
        }
    }

    /**
     * These settings with the {@code accessKey} and {@code secretKey} properties as set: both or neither, and only
     * in the remote mode; refused naming the property otherwise.
     */
    public AdapterSettings withCredentials(String accessKey, String secretKey) {
        return new AdapterSettings(mode, storeDir, endpoint, brokerSettings, listener, namesrvAddr,
                RemoteCredentials.of(mode, accessKey, secretKey));
    }

    /**
     * Checks the adapter's properties as set. Refuses, naming the property: an unknown mode, a malformed
     * {@code brokerSettings}; in the remote mode, missing or malformed NameServer addresses and the embedded
     * broker's own settings. The network properties are checked when the embedded broker starts listening.
     *
     * @param brokerSettings {@code name=value} pairs separated by {@code &} or {@code ;}
     */
    public static AdapterSettings of(String mode, String storeDir, String flushDiskType, String brokerName,
                                     ListenerProperties listener, String namesrvAddr, String retryBackoff,
                                     String brokerSettings) {
        BrokerMode parsed = BrokerMode.parse(mode);
        if (parsed == BrokerMode.REMOTE) {
            return remote(storeDir, namesrvAddr, retryBackoff, brokerSettings);
        }
        String name = brokerName == null || brokerName.isBlank() ? "capsule-broker" : brokerName.trim();
        Map<String, String> settings = new LinkedHashMap<>(parseSettings(brokerSettings));
        settings.put("brokerName", name);
        if (flushDiskType != null && !flushDiskType.isBlank()) {
            settings.put("flushDiskType", flushDiskType.trim());
        }
        if (retryBackoff != null && !retryBackoff.isBlank()) {
            settings.put("retryBackoff", retryBackoff.trim());
        }
        Path dir = storeDir == null || storeDir.isBlank() ? defaultStoreDir() : Path.of(storeDir.trim());
        return new AdapterSettings(parsed, dir.toAbsolutePath().normalize(), name, settings, listener,
                blankToEmpty(namesrvAddr), null);
    }

    /**
     * The remote mode: the clients' endpoint is the NameServer addresses; the store folder keeps only the adapter's
     * XA branch log. The embedded broker's settings (retry back-off, engine settings) are the remote broker's
     * operator's business there, so setting them is refused rather than silently ignored.
     */
    private static AdapterSettings remote(String storeDir, String namesrvAddr, String retryBackoff,
                                          String brokerSettings) {
        if (namesrvAddr == null || namesrvAddr.isBlank()) {
            throw new IllegalArgumentException("property namesrvAddr: mode=remote needs the NameServer addresses "
                    + "of the broker cluster, host:port[;host:port...]");
        }
        String endpoint;
        try {
            endpoint = RemoteEndpoint.parse(namesrvAddr).text();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("property namesrvAddr: " + e.getMessage(), e);
        }
        if (retryBackoff != null && !retryBackoff.isBlank()) {
            throw new IllegalArgumentException("property retryBackoff: in mode=remote the retry back-off is the "
                    + "remote broker's setting (RocketMQ's messageDelayLevel); leave retryBackoff empty");
        }
        if (brokerSettings != null && !brokerSettings.isBlank()) {
            throw new IllegalArgumentException("property brokerSettings: in mode=remote there is no embedded "
                    + "broker to set; leave brokerSettings empty");
        }
        Path dir = storeDir == null || storeDir.isBlank() ? defaultStoreDir() : Path.of(storeDir.trim());
        return new AdapterSettings(BrokerMode.REMOTE, dir.toAbsolutePath().normalize(), endpoint, Map.of(),
                ListenerProperties.NONE, endpoint, null);
    }

    /**
     * Under the server instance's folder: Payara's and GlassFish's {@code com.sun.aas.instanceRoot}, WildFly's
     * {@code jboss.server.data.dir}, else the working folder.
     */
    static Path defaultStoreDir() {
        String payara = System.getProperty("com.sun.aas.instanceRoot");
        if (payara != null && !payara.isBlank()) {
            return Path.of(payara, DEFAULT_STORE_FOLDER);
        }
        String wildfly = System.getProperty("jboss.server.data.dir");
        if (wildfly != null && !wildfly.isBlank()) {
            return Path.of(wildfly, DEFAULT_STORE_FOLDER);
        }
        return Path.of(System.getProperty("user.dir"), DEFAULT_STORE_FOLDER);
    }

    private static Map<String, String> parseSettings(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return settings;
        }
        for (String pair : text.split("[&;]")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("property brokerSettings: '" + pair.trim() + "' is not "
                        + "name=value (pairs are separated by & or ;)");
            }
            settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return settings;
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
