package io.capsulemq.rar;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.client.endpoint.BrokerSettings;
import io.capsulemq.client.endpoint.CapsuleEndpoints;

/**
 * The broker the adapter runs inside the server: started over the configured store, registered with the native
 * API under its name (so {@code ClientConfiguration} endpoints naming it reach it in process), and closed cleanly.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedBroker.class.getName());

    private final Broker broker;
    private final String endpoint;

    private EmbeddedBroker(Broker broker, String endpoint) {
        this.broker = broker;
        this.endpoint = endpoint;
    }

    /** Opens (recovering if need be) the store and starts the engine; a failure leaves nothing running. */
    public static EmbeddedBroker start(AdapterSettings settings) {
        BrokerConfig config = BrokerSettings.config("resource adapter", settings.storeDir(),
                settings.brokerSettings());
        Broker broker = Broker.start(config);
        try {
            CapsuleEndpoints.register(settings.endpoint(), broker);
        } catch (RuntimeException e) {
            broker.close();
            throw new IllegalStateException("cannot register the embedded broker as '" + settings.endpoint()
                    + "' (property brokerName): " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "embedded broker {0} started over {1}", settings.endpoint(),
                settings.storeDir());
        return new EmbeddedBroker(broker, settings.endpoint());
    }

    public Broker broker() {
        return broker;
    }

    /** The name clients reach the broker by. */
    public String endpoint() {
        return endpoint;
    }

    /** Unregisters the name, then stops the engine: held pulls answered, offsets written, store closed. */
    @Override
    public void close() {
        CapsuleEndpoints.unregister(endpoint);
        broker.close();
        LOG.log(System.Logger.Level.INFO, "embedded broker {0} stopped", endpoint);
    }
}
