package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.client.local.LocalGateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The brokers embedded in this JVM by {@code local} endpoints, one per data folder, counted by the clients that
 * hold them: the first client naming a folder starts its broker, the last one to close closes it. A shutdown hook
 * closes whatever is still running when the JVM exits, so the store is always left clean.
 */
final class EmbeddedBrokers {
    private static final System.Logger LOG = System.getLogger(EmbeddedBrokers.class.getName());

    private static final class Running {
        final Broker broker;
        final LocalGateway gateway;
        final Map<String, String> settings;
        int holders;

        Running(Broker broker, Map<String, String> settings) {
            this.broker = broker;
            this.gateway = new LocalGateway(broker);
            this.settings = settings;
        }
    }

    private static final Map<Path, Running> RUNNING = new HashMap<>();
    private static boolean hookInstalled;

    private EmbeddedBrokers() {
    }

    static synchronized GatewayLease acquire(LocalEndpoint endpoint) {
        Running running = RUNNING.get(endpoint.dataDir());
        if (running == null) {
            installHook();
            Broker broker = Broker.start(BrokerSettings.config(endpoint.text(), endpoint.dataDir(),
                    endpoint.settings()));
            running = new Running(broker, endpoint.settings());
            RUNNING.put(endpoint.dataDir(), running);
            LOG.log(System.Logger.Level.INFO, "embedded broker started over {0}", endpoint.dataDir());
        } else if (!running.settings.equals(endpoint.settings())) {
            throw new IllegalArgumentException("endpoint '" + endpoint.text() + "' asks for settings "
                    + endpoint.settings() + ", but the embedded broker over " + endpoint.dataDir()
                    + " already runs with " + running.settings + "; name it with the same settings");
        }
        running.holders++;
        Path dir = endpoint.dataDir();
        Running held = running;
        return new GatewayLease(endpoint.text(), running.gateway, () -> release(dir, held));
    }

    /** Whether an embedded broker runs over the folder now. */
    static synchronized boolean isRunning(Path dataDir) {
        return RUNNING.containsKey(dataDir);
    }

    private static synchronized void release(Path dir, Running held) {
        if (RUNNING.get(dir) != held) {
            return;
        }
        if (--held.holders == 0) {
            RUNNING.remove(dir);
            close(dir, held);
        }
    }

    private static void close(Path dir, Running running) {
        try {
            running.broker.close();
            LOG.log(System.Logger.Level.INFO, "embedded broker over {0} closed", dir);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "embedded broker over " + dir + " did not close cleanly", e);
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedBrokers::closeAll, "capsule-embedded-shutdown"));
            hookInstalled = true;
        }
    }

    private static void closeAll() {
        List<Map.Entry<Path, Running>> all;
        synchronized (EmbeddedBrokers.class) {
            all = new ArrayList<>(RUNNING.entrySet());
            RUNNING.clear();
        }
        all.forEach(e -> close(e.getKey(), e.getValue()));
    }
}
