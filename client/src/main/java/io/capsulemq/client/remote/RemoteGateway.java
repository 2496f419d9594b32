package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.gateway.PoppedDelivery;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueBounds;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SendOutcome;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway over the network: Apache RocketMQ's remoting protocol to the NameServers of an endpoint and to the
 * brokers they list, so that the clients work against an Apache RocketMQ cluster (or a Capsule broker's remoting
 * port) as they do in process. Routes come from the NameServers and are refreshed every 30 s; a topic's queues on
 * several brokers are numbered as one list ({@link QueueLayout}); heartbeats go to every broker; each call goes to
 * the broker holding the queue, message or lease it concerns. The package documentation of
 * {@code io.capsulemq.client.gateway} names the request behind each call.
 *
 * <p>Futures complete on the gateway's callback threads; the broker's requests to a client (transaction checks,
 * group changes, offset resets) reach its {@link ClientListener} from the connection's I/O thread, or from a
 * callback thread for offset resets.
 */
public final class RemoteGateway implements BrokerGateway, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RemoteGateway.class.getName());
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

    private final RemoteEndpoint endpoint;
    private final AccessCredentials credentials;
    private final RemotingClient connections;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService timer;
    private final RouteTable routes;
    private final Transactions transactions;
    private final Membership membership;
    private final Sending sending;
    private final Pulling pulling;
    private final QueueLocks locks;
    private final Retries retries;
    private final Popping popping;
    private final Administration administration;

    private RemoteGateway(RemoteEndpoint endpoint, AccessCredentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.connections = new RemotingClient(RemotingClientConfig.defaults());
        this.callbacks = Executors.newCachedThreadPool(daemons("capsule-remote-callback"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("capsule-remote-timer"));
        Rpc rpc = new Rpc(connections, callbacks, RequestSigner.of(credentials));
        SubscriptionFilters filters = new SubscriptionFilters();
        this.routes = new RouteTable(new NameServers(endpoint.nameServers(), rpc), rpc);
        this.transactions = new Transactions(rpc);
        this.pulling = new Pulling(routes, rpc, filters);
        this.membership = new Membership(routes, rpc, new BrokerCallbacks(transactions, routes, pulling, callbacks),
                callbacks, filters);
        this.sending = new Sending(routes, rpc, transactions);
        this.locks = new QueueLocks(pulling, routes, rpc);
        this.retries = new Retries(pulling, rpc);
        this.popping = new Popping(routes, rpc, membership, filters);
        this.administration = new Administration(routes, rpc);
    }

    /**
     * A gateway to the cluster the endpoint's NameServers list; it asks them for the brokers at once, so an
     * endpoint where no NameServer answers is refused here.
     */
    public static RemoteGateway connect(RemoteEndpoint endpoint) {
        return connect(endpoint, null);
    }

    /**
     * A gateway that signs every request it sends (to NameServers and brokers, each client's own connections
     * included) with {@code credentials}, as RocketMQ's clients do for a cluster with authentication on; null
     * credentials sign nothing. Credentials the cluster does not accept are refused here already when the
     * NameServers check them, otherwise by the brokers at the first call.
     */
    public static RemoteGateway connect(RemoteEndpoint endpoint, AccessCredentials credentials) {
        RemoteGateway gateway = new RemoteGateway(endpoint, credentials);
        try {
            gateway.routes.refreshBrokers();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        long period = REFRESH_INTERVAL.toMillis();
        gateway.timer.scheduleWithFixedDelay(gateway::refresh, period, period, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "remote gateway to NameServers {0} knows brokers {1}{2}",
                endpoint.nameServers(), gateway.routes.brokers(),
                credentials == null ? "" : ", signing as " + credentials.accessKey());
        return gateway;
    }

    public RemoteEndpoint endpoint() {
        return endpoint;
    }

    /** What the gateway signs its requests with, if anything. */
    public java.util.Optional<AccessCredentials> credentials() {
        return java.util.Optional.ofNullable(credentials);
    }

    /** Every 30 s: routes and brokers again, every client's heartbeat to every broker, old notes forgotten. */
    private void refresh() {
        try {
            routes.refresh();
            membership.heartbeatAll();
            transactions.forgetOld();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "refresh of the remote gateway failed: {0}", e.getMessage());
        }
    }

    @Override
    public TopicRoute route(String topic) {
        return routes.fetch(topic).route();
    }

    @Override
    public CompletableFuture<SendOutcome> send(OutgoingMessage message) {
        return async(() -> sending.send(message));
    }

    @Override
    public CompletableFuture<SendOutcome> sendBatch(List<OutgoingMessage> batch) {
        return async(() -> sending.sendBatch(batch));
    }

    @Override
    public CompletableFuture<Void> endTransaction(String producerGroup, long halfCommitLogOffset,
                                                  TransactionResolution resolution, boolean fromCheck) {
        return async(() -> transactions.end(producerGroup, halfCommitLogOffset, resolution, fromCheck));
    }

    @Override
    public void registerProducer(String producerGroup, ClientListener client) {
        membership.registerProducer(producerGroup, client);
    }

    @Override
    public void unregisterProducer(String producerGroup, String clientId) {
        membership.unregisterProducer(producerGroup, clientId);
    }

    @Override
    public ConsumerSettings registerConsumer(ConsumerHeartbeat heartbeat, ClientListener client) {
        for (SubscriptionSpec spec : heartbeat.subscriptions()) {
            try {
                routes.layout(spec.topic());
            } catch (GatewayException e) {
                // A topic not there yet: its brokers are the cluster's, known anyway.
            }
        }
        return membership.registerConsumer(heartbeat, client);
    }

    @Override
    public void unregisterConsumer(String group, String clientId) {
        membership.unregisterConsumer(group, clientId);
    }

    @Override
    public ConsumerSettings consumerSettings(String group) {
        return membership.consumerSettings(group);
    }

    @Override
    public List<String> memberIds(String group) {
        return membership.memberIds(group);
    }

    @Override
    public CompletableFuture<PullOutcome> pull(String group, SubscriptionSpec subscription, int queueId, long offset,
                                               int maxCount, Duration suspend) {
        return async(() -> pulling.pull(group, subscription, queueId, offset, maxCount, suspend));
    }

    @Override
    public OptionalLong committedOffset(String group, QueueRef queue) {
        return pulling.committedOffset(group, queue);
    }

    @Override
    public void commitOffset(String group, QueueRef queue, long offset) {
        pulling.commitOffset(group, queue, offset);
    }

    @Override
    public QueueBounds bounds(QueueRef queue) {
        return pulling.bounds(queue);
    }

    /**
     * Where the group starts on a queue it has no offset for: the queue's end or beginning, as its settings say.
     * RocketMQ's groups carry no point in time to start from; {@link #offsetAt} finds one's offset.
     */
    @Override
    public long startOffset(String group, QueueRef queue) {
        return switch (membership.knownSettings(group).startFrom()) {
            case FIRST_OFFSET -> pulling.bounds(queue).minOffset();
            case LAST_OFFSET -> pulling.bounds(queue).maxOffset();
            case TIMESTAMP -> throw new GatewayException(GatewayException.Kind.ILLEGAL_REQUEST, "group " + group
                    + " starts from a point in time, which RocketMQ's group settings cannot say");
        };
    }

    /** The offset of the queue's first message stored at or after the time (SEARCH_OFFSET_BY_TIMESTAMP). */
    public long offsetAt(QueueRef queue, long timestampMillis) {
        return pulling.offsetAt(queue, timestampMillis);
    }

    @Override
    public Set<QueueRef> lockQueues(String group, String clientId, Set<QueueRef> queues) {
        return locks.lock(group, clientId, queues);
    }

    @Override
    public void unlockQueues(String group, String clientId, Set<QueueRef> queues) {
        locks.unlock(group, clientId, queues);
    }

    @Override
    public CompletableFuture<Void> sendBack(String group, DeliveredMessage failed, int delayLevel,
                                            int maxReconsumeTimes) {
        return async(() -> retries.sendBack(group, failed, delayLevel, maxReconsumeTimes));
    }

    @Override
    public CompletableFuture<List<PoppedDelivery>> pop(String group, SubscriptionSpec subscription, int maxCount,
                                                       Duration invisibleTime, Duration pollTime, boolean fifo) {
        return async(() -> popping.pop(group, subscription, maxCount, invisibleTime, pollTime, fifo));
    }

    @Override
    public CompletableFuture<Void> ack(String group, String topic, String receiptHandle) {
        return async(() -> popping.ack(group, topic, receiptHandle));
    }

    @Override
    public CompletableFuture<String> changeInvisibleDuration(String group, String topic, String receiptHandle,
                                                             Duration invisibleTime) {
        return async(() -> popping.changeInvisibleDuration(group, topic, receiptHandle, invisibleTime));
    }

    /**
     * Sends a half message (its properties mark it prepared and name its producer group) and answers everything
     * needed to end its transaction later, even from another process: unlike {@link #send}, the gateway keeps no
     * note of it, and only {@link #endHalf} ends it.
     */
    public CompletableFuture<SentHalf> sendHalf(OutgoingMessage half) {
        String group = half.properties().get(io.capsulemq.broker.store.message.MessageProperties.PRODUCER_GROUP);
        if (group == null || !Boolean.parseBoolean(half.properties()
                .get(io.capsulemq.broker.store.message.MessageProperties.TRANSACTION_PREPARED))) {
            return CompletableFuture.failedFuture(new GatewayException(GatewayException.Kind.ILLEGAL_REQUEST,
                    "a half message is marked prepared and names its producer group"));
        }
        return send(half).thenApply(outcome -> {
            Transactions.Half note = transactions.takeSent(group, outcome.commitLogOffset());
            if (note == null) {
                throw new GatewayException(GatewayException.Kind.INTERNAL, "the half message " + outcome.messageId()
                        + " was stored but not noted");
            }
            return new SentHalf(note.brokerAddress(), group, note.topic(), note.commitLogOffset(),
                    note.tranStateTableOffset(), note.messageId(), note.transactionId());
        });
    }

    /** Commits or rolls back a half sent by {@link #sendHalf}, in this process or an earlier one. */
    public CompletableFuture<Void> endHalf(SentHalf half, TransactionResolution resolution) {
        return async(() -> transactions.end(new Transactions.Half(half.brokerAddress(), half.producerGroup(),
                half.topic(), half.commitLogOffset(), half.halfQueueOffset(), half.messageId(), half.transactionId(),
                System.currentTimeMillis()), resolution, false));
    }

    /**
     * Creates the topic on every master of the cluster taking messages of {@code messageType} (RocketMQ's
     * {@code message.type}: NORMAL, FIFO, DELAY, TRANSACTION or MIXED) if the NameServers do not route it yet;
     * answers whether it did. Refusals are {@link GatewayException}s naming the broker.
     */
    public boolean createTopicIfAbsent(String topic, String messageType) {
        return administration.createTopicIfAbsent(topic, messageType);
    }

    /** Creates or updates a consumer group on every master: its retries before the dead-letter queue, its order. */
    public void createOrUpdateGroup(String group, int retryMaxTimes, boolean orderly) {
        administration.createOrUpdateGroup(group, retryMaxTimes, orderly);
    }

    /** Closes every connection and stops the gateway's threads. */
    @Override
    public void close() {
        timer.shutdownNow();
        membership.close();
        connections.close();
        callbacks.shutdown();
        LOG.log(System.Logger.Level.INFO, "remote gateway to NameServers {0} closed", endpoint.nameServers());
    }

    /** A call that answers with a future; a refusal thrown at once fails the future instead. */
    private static <T> CompletableFuture<T> async(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new GatewayException(GatewayException.Kind.INTERNAL,
                    "the call failed: " + e, e));
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "RemoteGateway{" + endpoint + "}";
    }
}
