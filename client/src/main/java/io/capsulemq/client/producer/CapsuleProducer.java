package io.capsulemq.client.producer;

import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.SendOutcome;
import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.message.ReceivedMessageView;
import io.capsulemq.client.support.ClientIds;
import io.capsulemq.client.support.ClientThreads;
import io.capsulemq.client.support.Failures;
import io.capsulemq.client.support.Require;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A producer: sends to a queue chosen in turn (or by message group), tries a failed send again on the next queue up
 * to its maximum attempts, and answers the broker's transaction check-backs with its checker on its own thread.
 */
final class CapsuleProducer implements Producer, ClientListener {
    private static final System.Logger LOG = System.getLogger(CapsuleProducer.class.getName());
    private static final long HEARTBEAT_SECONDS = 20;

    private final GatewayLease lease;
    private final BrokerGateway gateway;
    private final String clientId = ClientIds.next();
    private final int maxAttempts;
    private final TransactionChecker checker;
    private final RouteCache routes;
    private final QueueSelector selector = new QueueSelector();
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor;
    private final InetSocketAddress bornHost = localHost();
    private volatile boolean running = true;

    private CapsuleProducer(GatewayLease lease, int maxAttempts, TransactionChecker checker) {
        this.lease = lease;
        this.gateway = lease.gateway();
        this.maxAttempts = maxAttempts;
        this.checker = checker;
        this.routes = new RouteCache(gateway);
        this.executor = Executors.newSingleThreadScheduledExecutor(ClientThreads.named("capsule-producer"));
    }

    static CapsuleProducer start(ClientConfiguration configuration, Set<String> topics, int maxAttempts,
                                 TransactionChecker checker) throws ClientException {
        GatewayLease lease = CapsuleEndpoints.openFor(configuration);
        CapsuleProducer producer = new CapsuleProducer(lease, maxAttempts, checker);
        try {
            for (String topic : topics) {
                producer.routes.get(topic);
                producer.producerGroups.add(ProducerGroups.forTopic(topic));
            }
            producer.heartbeat();
        } catch (GatewayException e) {
            producer.shutdown();
            throw new ClientException("producer cannot send to its topics: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            producer.shutdown();
            throw e;
        }
        producer.executor.scheduleWithFixedDelay(producer::heartbeatQuietly, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "producer {0} started on {1}, topics {2}", producer.clientId,
                lease.endpoint(), topics);
        return producer;
    }

    @Override
    public SendReceipt send(Message message) throws ClientException {
        return Failures.await(sendAsync(message));
    }

    @Override
    public CompletableFuture<SendReceipt> sendAsync(Message message) {
        try {
            checkRunning();
            Draft draft = Draft.of(message, null);
            return attempt(draft, 1).thenApply(outcome -> new CapsuleSendReceipt(draft.messageId, outcome));
        } catch (RuntimeException e) {
            return Failures.failed(e);
        }
    }

    @Override
    public SendReceipt send(Message message, Transaction transaction) throws ClientException {
        checkRunning();
        Require.notNull(transaction, "transaction should not be null");
        Require.argument(transaction instanceof CapsuleTransaction t && t.belongsTo(this),
                "the transaction was not begun by this producer");
        CapsuleTransaction tx = (CapsuleTransaction) transaction;
        String group = ProducerGroups.forTopic(Require.notNull(message, "message should not be null").getTopic());
        Draft draft = Draft.of(message, group);
        if (producerGroups.add(group)) {
            gateway.registerProducer(group, this);
        }
        tx.reserve();
        try {
            SendOutcome outcome = Failures.await(attempt(draft, 1));
            tx.sent(new CapsuleTransaction.Half(group, outcome.commitLogOffset(), outcome.messageId()));
            return new CapsuleSendReceipt(draft.messageId, outcome);
        } catch (ClientException | RuntimeException e) {
            tx.unreserve();
            throw e;
        }
    }

    @Override
    public Transaction beginTransaction() {
        checkRunning();
        return new CapsuleTransaction(this);
    }

    void endTransaction(CapsuleTransaction.Half half, TransactionResolution resolution) throws ClientException {
        checkRunning();
        Failures.await(gateway.endTransaction(half.producerGroup(), half.commitLogOffset(), resolution, false));
    }

    /** One attempt; a failure that may pass is tried again on the next queue, except for half messages. */
    private CompletableFuture<SendOutcome> attempt(Draft draft, int attempt) {
        CompletableFuture<SendOutcome> sent;
        try {
            TopicRoute route = routes.get(draft.topic);
            sent = gateway.send(draft.to(selector.select(route, draft.messageGroup), bornHost));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((outcome, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(outcome);
            }
            Throwable cause = Failures.unwrap(failure);
            boolean retriable = cause instanceof GatewayException g && g.retriable();
            if (retriable && attempt < maxAttempts && !draft.transactional && running) {
                LOG.log(System.Logger.Level.DEBUG, "send of {0} failed (attempt {1} of {2}), trying again: {3}",
                        draft.messageId, attempt, maxAttempts, cause.getMessage());
                routes.invalidate(draft.topic);
                return attempt(draft, attempt + 1);
            }
            return Failures.<SendOutcome>failed(cause);
        }).thenCompose(f -> f);
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
    public void checkTransaction(String producerGroup, DeliveredMessage half, String transactionId) {
        if (!running) {
            return;
        }
        try {
            executor.execute(() -> answerCheck(producerGroup, half));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // Closing: the broker will ask another producer, or this one again.
        }
    }

    private void answerCheck(String producerGroup, DeliveredMessage half) {
        ReceivedMessageView view = ReceivedMessageView.of(half);
        if (checker == null) {
            LOG.log(System.Logger.Level.WARNING, "the broker asks about transaction {0} of {1}, but this producer "
                    + "has no transaction checker; set one with setTransactionChecker", view.getMessageId(),
                    view.getTopic());
            return;
        }
        TransactionResolution resolution;
        try {
            resolution = Require.notNull(checker.check(view), "the transaction checker answered null");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the transaction checker failed on " + view.getMessageId()
                    + "; the broker will ask again", e);
            return;
        }
        gateway.endTransaction(producerGroup, half.commitLogOffset(), resolution, true).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "could not answer the check of transaction {0} with {1}: {2}",
                        view.getMessageId(), resolution, Failures.unwrap(e).getMessage());
            }
        });
    }

    private void heartbeat() {
        for (String group : producerGroups) {
            gateway.registerProducer(group, this);
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "producer heartbeat failed: {0}", e.getMessage());
        }
    }

    private void checkRunning() {
        if (!running) {
            throw new IllegalStateException("producer is not running now (it was closed)");
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        for (String group : producerGroups) {
            try {
                gateway.unregisterProducer(group, clientId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "unregistering producer failed: {0}", e.getMessage());
            }
        }
        shutdown();
        LOG.log(System.Logger.Level.INFO, "producer {0} closed", clientId);
    }

    private void shutdown() {
        running = false;
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.close();
    }

    private static InetSocketAddress localHost() {
        try {
            return new InetSocketAddress(InetAddress.getLocalHost(), 0);
        } catch (Exception e) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }
    }

    @Override
    public String toString() {
        return "Producer{clientId=" + clientId + ", endpoint=" + lease.endpoint() + "}";
    }
}
