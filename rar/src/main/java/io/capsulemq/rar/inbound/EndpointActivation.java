package io.capsulemq.rar.inbound;

import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.rar.AdapterLoader;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.io.IOException;

/**
 * One MDB's activation: its consumer group set up in the broker as the spec says (FIFO or not, retries before the
 * dead-letter queue, where it starts; by a {@link ConsumerSetup}, since in RocketMQ 5 a group's delivery behaviour
 * is the group's, so every instance of the bean consumes alike), and a native push consumer subscribed to the bean's topics whose listener
 * hands each message to the bean's method for it through the server's WorkManager and waits for the outcome, so the
 * consumer's threads bound the bean instances at work ({@code maxConcurrency}) and the consumer's own retry,
 * back-off and dead-lettering apply.
 */
final class EndpointActivation implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EndpointActivation.class.getName());

    private final WorkManager workManager;
    private final MessageEndpointFactory factory;
    private final ActivationSettings settings;
    private final ListenerRoutes routes;
    private volatile PushConsumer consumer;
    private volatile boolean closing;

    private EndpointActivation(WorkManager workManager, MessageEndpointFactory factory, ActivationSettings settings,
                               ListenerRoutes routes) {
        this.workManager = workManager;
        this.factory = factory;
        this.settings = settings;
        this.routes = routes;
    }

    static EndpointActivation start(ClientConfiguration clients, ConsumerSetup setup, WorkManager workManager,
                                    MessageEndpointFactory factory, ActivationSettings settings)
            throws ResourceException {
        ListenerRoutes routes = ListenerRoutes.of(factory, settings);
        try {
            setup.prepare(settings, routes.subscriptions().keySet());
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException("Capsule MQ activation of " + factory.getActivationName() + ": "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw new ResourceException("Capsule MQ activation of " + factory.getActivationName() + ": "
                    + e.getMessage(), e);
        }
        EndpointActivation activation = new EndpointActivation(workManager, factory, settings, routes);
        try {
            activation.consumer = AdapterLoader.call(() -> new CapsuleClientServiceProvider().newPushConsumerBuilder()
                    .setClientConfiguration(clients)
                    .setConsumerGroup(settings.consumerGroup())
                    .setSubscriptionExpressions(routes.subscriptions())
                    .setConsumptionThreadCount(settings.maxConcurrency())
                    .setMaxCacheMessageCount(settings.maxCacheMessageCount())
                    .setMessageListener(activation::deliver)
                    .build());
        } catch (ClientException | RuntimeException e) {
            throw new ResourceException("Capsule MQ could not start consuming " + routes.subscriptions().keySet()
                    + " for group " + settings.consumerGroup() + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "activated {0}: {1}, group {2}, {3}, {4} at once",
                factory.getActivationName(), routes.describe(), settings.consumerGroup(), settings.mode(),
                settings.maxConcurrency());
        return activation;
    }

    private ConsumeResult deliver(MessageView message) {
        ListenerRoute route = routes.routeFor(message);
        if (route == null) {
            LOG.log(System.Logger.Level.DEBUG, "no method of {0} takes {1} (topic {2}, tag {3}); passed",
                    factory.getActivationName(), message.getMessageId(), message.getTopic(),
                    message.getTag().orElse(""));
            return ConsumeResult.SUCCESS;
        }
        DeliveryWork work = new DeliveryWork(factory, route, message, () -> closing);
        try {
            workManager.doWork(work, WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            LOG.log(System.Logger.Level.WARNING, "the server did not run the delivery of {0} to {1} ({2}); it will "
                    + "be delivered again", message.getMessageId(), factory.getActivationName(), e.getMessage());
            return ConsumeResult.FAILURE;
        }
        return work.result();
    }

    /**
     * Stops pulling, lets the deliveries under way finish (messages fetched but not yet delivered stay for the
     * group), commits the group's offsets and leaves the group.
     */
    @Override
    public void close() {
        closing = true;
        PushConsumer c = consumer;
        consumer = null;
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the consumer of " + this + " failed", e);
        }
        LOG.log(System.Logger.Level.INFO, "deactivated {0}", factory.getActivationName());
    }

    @Override
    public String toString() {
        return "activation of " + factory.getActivationName() + " on " + routes.subscriptions().keySet() + "/"
                + settings.consumerGroup();
    }
}
