package io.capsulemq.client.consumer.simple;

import io.capsulemq.client.consumer.Subscriptions;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.PoppedDelivery;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.message.ReceivedMessageView;
import io.capsulemq.client.support.ClientIds;
import io.capsulemq.client.support.ClientThreads;
import io.capsulemq.client.support.Failures;
import io.capsulemq.client.support.Require;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simple consumer over the broker's pop service: {@code receive} takes messages of the subscribed topics, which
 * stay invisible to the group's other consumers until acknowledged or their invisible time passes. A receive first
 * looks at every subscribed topic without waiting, starting with a different topic each time; if none has a message
 * it long-polls the next topic in turn for up to the await duration (as the RocketMQ 5 client polls one topic per
 * receive).
 */
final class CapsuleSimpleConsumer implements SimpleConsumer, ClientListener {
    private static final System.Logger LOG = System.getLogger(CapsuleSimpleConsumer.class.getName());
    private static final long HEARTBEAT_SECONDS = 20;

    private final GatewayLease lease;
    private final BrokerGateway gateway;
    private final String clientId = ClientIds.next();
    private final String group;
    private final Subscriptions subscriptions;
    private final Duration awaitDuration;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger nextTopic = new AtomicInteger();
    private volatile ConsumerSettings settings;
    private volatile boolean running = true;

    private CapsuleSimpleConsumer(GatewayLease lease, String group, Map<String, FilterExpression> initial,
                                  Duration awaitDuration) {
        this.lease = lease;
        this.gateway = lease.gateway();
        this.group = group;
        this.subscriptions = new Subscriptions(initial);
        this.awaitDuration = awaitDuration;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(ClientThreads.named("capsule-simple-" + group));
        this.settings = ConsumerSettings.absent(group);
    }

    static CapsuleSimpleConsumer start(ClientConfiguration configuration, String group,
                                       Map<String, FilterExpression> subscriptions, Duration awaitDuration)
            throws ClientException {
        GatewayLease lease = CapsuleEndpoints.openFor(configuration);
        CapsuleSimpleConsumer consumer = new CapsuleSimpleConsumer(lease, group, subscriptions, awaitDuration);
        try {
            consumer.heartbeat();
        } catch (GatewayException e) {
            consumer.shutdown();
            throw Failures.toClientException(e);
        } catch (RuntimeException e) {
            consumer.shutdown();
            throw e;
        }
        consumer.scheduler.scheduleWithFixedDelay(consumer::heartbeatQuietly, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "simple consumer {0} of group {1} started on {2}, subscribed to {3}",
                consumer.clientId, group, lease.endpoint(), subscriptions.keySet());
        return consumer;
    }

    private void heartbeat() {
        settings = gateway.registerConsumer(new ConsumerHeartbeat(group, ConsumerHeartbeat.ConsumeMode.POP,
                new ArrayList<>(subscriptions.specs().values())), this);
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simple consumer heartbeat failed: {0}", e.getMessage());
        }
    }

    @Override
    public String getConsumerGroup() {
        return group;
    }

    /** Subscribes now; a filter the broker refuses (a malformed expression) leaves the subscriptions as they were. */
    @Override
    public SimpleConsumer subscribe(String topic, FilterExpression filterExpression) throws ClientException {
        checkRunning();
        FilterExpression previous = subscriptions.put(topic, filterExpression);
        try {
            heartbeat();
        } catch (GatewayException e) {
            subscriptions.restore(topic, previous);
            throw Failures.toClientException(e);
        }
        return this;
    }

    @Override
    public SimpleConsumer unsubscribe(String topic) throws ClientException {
        checkRunning();
        subscriptions.remove(Require.notNull(topic, "topic should not be null"));
        try {
            heartbeat();
        } catch (GatewayException e) {
            throw Failures.toClientException(e);
        }
        return this;
    }

    @Override
    public Map<String, FilterExpression> getSubscriptionExpressions() {
        return subscriptions.expressions();
    }

    @Override
    public List<MessageView> receive(int maxMessageNum, Duration invisibleDuration) throws ClientException {
        return Failures.await(receiveAsync(maxMessageNum, invisibleDuration));
    }

    @Override
    public CompletableFuture<List<MessageView>> receiveAsync(int maxMessageNum, Duration invisibleDuration) {
        try {
            checkRunning();
            Require.argument(maxMessageNum > 0, "maxMessageNum must be greater than 0, was " + maxMessageNum);
            Require.notNull(invisibleDuration, "invisibleDuration should not be null");
            Require.argument(!invisibleDuration.isNegative() && !invisibleDuration.isZero(),
                    "invisibleDuration should be positive, was " + invisibleDuration);
            List<SubscriptionSpec> specs = new ArrayList<>(subscriptions.specs().values());
            Require.state(!specs.isEmpty(), "there is no topic to receive messages from: subscribe to one first");
            int first = Math.floorMod(nextTopic.getAndIncrement(), specs.size());
            List<SubscriptionSpec> turn = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                turn.add(specs.get((first + i) % specs.size()));
            }
            CompletableFuture<List<PoppedDelivery>> popped = turn.size() == 1
                    ? pop(turn.get(0), maxMessageNum, invisibleDuration, awaitDuration)
                    : glance(turn, 0, maxMessageNum, invisibleDuration).thenCompose(found -> found.isEmpty()
                            ? pop(turn.get(0), maxMessageNum, invisibleDuration, awaitDuration)
                            : CompletableFuture.completedFuture(found));
            return popped.handle((list, failure) -> {
                if (failure != null) {
                    return Failures.<List<MessageView>>failed(failure);
                }
                List<MessageView> views = new ArrayList<>(list.size());
                for (PoppedDelivery p : list) {
                    views.add(ReceivedMessageView.popped(p.message(), p.topic(), p.receiptHandle(),
                            p.deliveryAttempt()));
                }
                return CompletableFuture.completedFuture(views);
            }).thenCompose(f -> f);
        } catch (RuntimeException e) {
            return Failures.failed(e);
        }
    }

    /** Looks at each topic in turn without waiting, until one has messages. */
    private CompletableFuture<List<PoppedDelivery>> glance(List<SubscriptionSpec> turn, int index, int max,
                                                           Duration invisible) {
        if (index >= turn.size()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return pop(turn.get(index), max, invisible, Duration.ZERO).thenCompose(found -> found.isEmpty()
                ? glance(turn, index + 1, max, invisible) : CompletableFuture.completedFuture(found));
    }

    private CompletableFuture<List<PoppedDelivery>> pop(SubscriptionSpec spec, int max, Duration invisible,
                                                        Duration poll) {
        return gateway.pop(group, spec, max, invisible, poll, settings.orderly());
    }

    @Override
    public void ack(MessageView messageView) throws ClientException {
        Failures.await(ackAsync(messageView));
    }

    @Override
    public CompletableFuture<Void> ackAsync(MessageView messageView) {
        try {
            checkRunning();
            ReceivedMessageView view = popped(messageView);
            return gateway.ack(group, view.poppedTopic(), view.receiptHandle())
                    .exceptionallyCompose(Failures::failed);
        } catch (RuntimeException e) {
            return Failures.failed(e);
        }
    }

    @Override
    public void changeInvisibleDuration(MessageView messageView, Duration invisibleDuration) throws ClientException {
        Failures.await(changeInvisibleDurationAsync(messageView, invisibleDuration));
    }

    @Override
    public CompletableFuture<Void> changeInvisibleDurationAsync(MessageView messageView, Duration invisibleDuration) {
        try {
            checkRunning();
            ReceivedMessageView view = popped(messageView);
            Require.notNull(invisibleDuration, "invisibleDuration should not be null");
            Require.argument(!invisibleDuration.isNegative(), "invisibleDuration should not be negative, was "
                    + invisibleDuration);
            return gateway.changeInvisibleDuration(group, view.poppedTopic(), view.receiptHandle(), invisibleDuration)
                    .thenAccept(view::receiptHandle).exceptionallyCompose(Failures::failed);
        } catch (RuntimeException e) {
            return Failures.failed(e);
        }
    }

    private static ReceivedMessageView popped(MessageView messageView) {
        Require.notNull(messageView, "messageView should not be null");
        Require.argument(messageView instanceof ReceivedMessageView v && v.receiptHandle() != null,
                "the message view was not received by a simple consumer of this client");
        return (ReceivedMessageView) messageView;
    }

    private void checkRunning() {
        if (!running) {
            throw new IllegalStateException("simple consumer is not running now (it was closed)");
        }
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isActive() {
        return running;
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        try {
            gateway.unregisterConsumer(group, clientId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not leave group {0}: {1}", group, e.getMessage());
        }
        shutdown();
        LOG.log(System.Logger.Level.INFO, "simple consumer {0} of group {1} closed", clientId, group);
    }

    private void shutdown() {
        running = false;
        scheduler.shutdownNow();
        lease.close();
    }

    @Override
    public String toString() {
        return "SimpleConsumer{group=" + group + ", clientId=" + clientId + "}";
    }
}
