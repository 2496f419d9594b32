package io.capsulemq.rar.inbound;

import io.capsulemq.rar.EmbeddedBroker;
import io.capsulemq.rar.RemoteBroker;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import org.apache.rocketmq.client.apis.ClientConfiguration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The consumer side of a started adapter: one activation per (endpoint factory, activation spec). */
public final class Inbound implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

    /** The server names an activation by its factory and spec, both compared by identity. */
    private record Key(MessageEndpointFactory factory, CapsuleActivationSpec spec) {
    }

    private final ClientConfiguration clients;
    private final ConsumerSetup setup;
    private final WorkManager workManager;
    private final Map<Key, EndpointActivation> active = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Inbound(EmbeddedBroker broker, WorkManager workManager) {
        this(broker.clientConfiguration(), new EngineConsumerSetup(broker.broker()), workManager);
    }

    /** The consumer side over a remote cluster: groups and topics are set up over the wire. */
    public Inbound(RemoteBroker broker, WorkManager workManager) {
        this(broker.clientConfiguration(), new RemoteConsumerSetup(broker.gateway()), workManager);
    }

    private Inbound(ClientConfiguration clients, ConsumerSetup setup, WorkManager workManager) {
        this.clients = clients;
        this.setup = setup;
        this.workManager = workManager;
    }

    public void activate(MessageEndpointFactory factory, CapsuleActivationSpec spec) throws ResourceException {
        if (closed) {
            throw new ResourceException("the Capsule MQ adapter is stopping");
        }
        ActivationSettings settings;
        try {
            settings = spec.settings();
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("Capsule MQ activation of " + factory.getActivationName() + ": "
                    + e.getMessage());
        }
        EndpointActivation activation = EndpointActivation.start(clients, setup, workManager, factory,
                settings);
        EndpointActivation previous = active.put(new Key(factory, spec), activation);
        if (previous != null) {
            previous.close();
        }
    }

    /** Stops the activation's consumer: deliveries under way finish, the rest stays for the group. */
    public void deactivate(MessageEndpointFactory factory, CapsuleActivationSpec spec) {
        EndpointActivation activation = active.remove(new Key(factory, spec));
        if (activation != null) {
            activation.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        List<EndpointActivation> all = List.copyOf(active.values());
        active.clear();
        for (EndpointActivation a : all) {
            try {
                a.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + a + " failed", e);
            }
        }
    }
}
