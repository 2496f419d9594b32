package io.capsulemq.rar;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.standalone.BrokerConfException;
import io.capsulemq.broker.standalone.BrokerConfFile;
import io.capsulemq.broker.standalone.StandaloneBroker;
import io.capsulemq.broker.standalone.StandaloneSettings;
import io.capsulemq.client.endpoint.BrokerSettings;
import io.capsulemq.client.endpoint.CapsuleEndpoints;

/**
 * The broker the adapter runs inside the server: started over the configured store, served on the network when
 * {@code listenPort} is set (with its own NameServer, as the standalone broker is, so that RocketMQ's clients and
 * tools reach it), registered with the native API under its name (so {@code ClientConfiguration} endpoints naming
 * it reach it in process), and closed cleanly.
 */
public final class EmbeddedBroker implements AdapterBroker {
    private static final System.Logger LOG = System.getLogger(EmbeddedBroker.class.getName());

    private final Broker broker;
    private final Runnable stop;
    private final String endpoint;

    private EmbeddedBroker(Broker broker, Runnable stop, String endpoint) {
        this.broker = broker;
        this.stop = stop;
        this.endpoint = endpoint;
    }

    /** Opens (recovering if need be) the store and starts the engine; a failure leaves nothing running. */
    public static EmbeddedBroker start(AdapterSettings settings) {
        BrokerConfig config = BrokerSettings.config("resource adapter", settings.storeDir(),
                settings.brokerSettings());
        Broker broker;
        Runnable stop;
        String where;
        if (settings.listener().enabled()) {
            StandaloneBroker served = StandaloneBroker.start(networkSettings(config, settings));
            broker = served.broker();
            stop = served::close;
            where = served.describe();
        } else {
            broker = Broker.start(config);
            stop = broker::close;
            where = "in process only (listenPort 0)";
        }
        try {
            CapsuleEndpoints.register(settings.endpoint(), broker);
        } catch (RuntimeException e) {
            stop.run();
            throw new IllegalStateException("cannot register the embedded broker as '" + settings.endpoint()
                    + "' (property brokerName): " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "embedded broker {0} started over {1}: {2}", settings.endpoint(),
                settings.storeDir(), where);
        return new EmbeddedBroker(broker, stop, settings.endpoint());
    }

    /** The engine served as the network properties say; a bad one is refused naming the adapter's property. */
    private static StandaloneSettings networkSettings(BrokerConfig config, AdapterSettings settings) {
        try {
            return BrokerConfFile.network(config, settings.listener().brokerConf(settings.namesrvAddr()));
        } catch (BrokerConfException e) {
            throw new IllegalArgumentException("property " + e.key() + ": '" + e.value() + "' " + e.reason(), e);
        }
    }

    public Broker broker() {
        return broker;
    }

    /** The name clients reach the broker by. */
    @Override
    public String endpoint() {
        return endpoint;
    }

    /**
     * Unregisters the name, then stops: the registrar leaves the NameServers, the network listeners close, and the
     * engine answers held pulls, writes offsets and closes the store.
     */
    @Override
    public void close() {
        CapsuleEndpoints.unregister(endpoint);
        stop.run();
        LOG.log(System.Logger.Level.INFO, "embedded broker {0} stopped", endpoint);
    }
}
