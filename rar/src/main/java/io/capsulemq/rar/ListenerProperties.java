package io.capsulemq.rar;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the embedded broker listens on the network, as the adapter's properties set it: the broker's port, its
 * NameServer's, the address both bind to and the address clients are given. With {@code listenPort} 0 the broker is
 * in process only. The names and defaults are those of the standalone broker's broker.conf.
 *
 * @param listenPort        the broker's port; 0: no network at all
 * @param namesrvListenPort the embedded NameServer's port; 0: none (then {@code namesrvAddr} must name one)
 * @param bindAddress       the address both bind to
 * @param brokerIP1         the address clients are given; empty: the bound one (loopback when bound to all)
 */
public record ListenerProperties(int listenPort, int namesrvListenPort, String bindAddress, String brokerIP1) {
    public static final int DEFAULT_LISTEN_PORT = 10911;
    public static final int DEFAULT_NAMESRV_LISTEN_PORT = 9876;
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** In process only. */
    public static final ListenerProperties NONE = new ListenerProperties(0, 0, DEFAULT_BIND_ADDRESS, "");

    public ListenerProperties {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress.trim();
        brokerIP1 = brokerIP1 == null ? "" : brokerIP1.trim();
    }

    /** The properties as set, a null port taking its default. */
    static ListenerProperties of(Integer listenPort, Integer namesrvListenPort, String bindAddress,
                                 String brokerIP1) {
        return new ListenerProperties(listenPort == null ? DEFAULT_LISTEN_PORT : listenPort,
                namesrvListenPort == null ? DEFAULT_NAMESRV_LISTEN_PORT : namesrvListenPort, bindAddress, brokerIP1);
    }

    /** Whether the broker is served on the network. */
    public boolean enabled() {
        return listenPort != 0;
    }

    /**
     * broker.conf's network keys for these properties, plus the further NameServers to register with.
     *
     * @param namesrvAddr {@code host:port;...} besides the embedded NameServer, or empty
     */
    public Map<String, String> brokerConf(String namesrvAddr) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("listenPort", Integer.toString(listenPort));
        conf.put("namesrvListenPort", Integer.toString(namesrvListenPort));
        conf.put("bindAddress", bindAddress);
        if (!brokerIP1.isEmpty()) {
            conf.put("brokerIP1", brokerIP1);
        }
        if (namesrvAddr != null && !namesrvAddr.isBlank()) {
            conf.put("namesrvAddr", namesrvAddr.trim());
        }
        return conf;
    }
}
