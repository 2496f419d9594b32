package io.capsulemq.client.consumer.push;

import io.capsulemq.client.consumer.Subscriptions;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.support.ClientIds;
import io.capsulemq.client.support.ClientThreads;
import io.capsulemq.client.support.Failures;
import io.capsulemq.client.support.Require;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push consumer: its group's members share the subscribed topics' queues (clustering), or each takes them all
 * (a broadcasting group), each pulling its own with long polls and handing the messages to the listener on a pool
 * of threads; a FIFO group consumes each queue in order (under a broker lease when the queues are shared). Rebalances when told the group changed and every 20 s (every second while a
 * subscribed topic does not exist yet); commits offsets every 5 s, when giving a queue up and when closing.
 */
final class CapsulePushConsumer implements PushConsumer, ClientListener {
    private static final System.Logger LOG = System.getLogger(CapsulePushConsumer.class.getName());
    static final long REBALANCE_MILLIS = 20_000;
    static final long UNSETTLED_REBALANCE_MILLIS = 1_000;
    static final long COMMIT_MILLIS = 5_000;
    static final long LEASE_RENEWAL_MILLIS = 20_000;
    static final long CLOSE_WAIT_MILLIS = 60_000;

    private final GatewayLease lease;
    private final BrokerGateway gateway;
    private final String clientId = ClientIds.next();
    private final PushOptions options;
    private final Subscriptions subscriptions;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService pool;
    private final Rebalancer rebalancer;
    private final AtomicInteger assigned = new AtomicInteger();
    private final AtomicBoolean rebalanceQueued = new AtomicBoolean();
    private volatile boolean running = true;
    private long lastFullRebalance;

    private CapsulePushConsumer(GatewayLease lease, PushOptions options, Map<String, FilterExpression> initial) {
        this.lease = lease;
        this.gateway = lease.gateway();
        this.options = options;
        this.subscriptions = new Subscriptions(initial);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                ClientThreads.named("capsule-push-" + options.group()));
        this.pool = Executors.newFixedThreadPool(options.consumptionThreadCount(),
                ClientThreads.named("capsule-consume-" + options.group()));
        PushContext ctx = new PushContext(gateway, clientId, options, scheduler, pool,
                new FlowControl(options.maxCacheMessageCount(), options.maxCacheMessageSizeInBytes(), assigned::get));
        this.rebalancer = new Rebalancer(ctx, subscriptions, this);
    }

    static CapsulePushConsumer start(ClientConfiguration configuration, PushOptions options,
                                     Map<String, FilterExpression> subscriptions) throws ClientException {
        GatewayLease lease = CapsuleEndpoints.openFor(configuration);
        CapsulePushConsumer consumer = new CapsulePushConsumer(lease, options, subscriptions);
        try {
            consumer.onScheduler(() -> {
                consumer.rebalance();
                return null;
            });
        } catch (ClientException | RuntimeException e) {
            consumer.leaveGroup();
            consumer.release(true);
            throw e;
        }
        consumer.scheduler.scheduleWithFixedDelay(consumer::periodicRebalance, UNSETTLED_REBALANCE_MILLIS,
                UNSETTLED_REBALANCE_MILLIS, TimeUnit.MILLISECONDS);
        consumer.scheduler.scheduleWithFixedDelay(consumer::commitQuietly, COMMIT_MILLIS, COMMIT_MILLIS,
                TimeUnit.MILLISECONDS);
        consumer.scheduler.scheduleWithFixedDelay(consumer::renewLeasesQuietly, LEASE_RENEWAL_MILLIS,
                LEASE_RENEWAL_MILLIS, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "push consumer {0} of group {1} started on {2}, subscribed to {3}",
                consumer.clientId, options.group(), lease.endpoint(), subscriptions.keySet());
        return consumer;
    }

    private void rebalance() {
        lastFullRebalance = System.currentTimeMillis();
        rebalancer.rebalance();
        assigned.set(rebalancer.assignedQueueCount());
    }

    /** Every 20 s; every second while the last rebalance left a topic or the group to appear. */
    private void periodicRebalance() {
        boolean due = System.currentTimeMillis() - lastFullRebalance >= REBALANCE_MILLIS;
        if (running && (due || rebalancer.unsettled())) {
            rebalanceQuietly();
        }
    }

    private void rebalanceQuietly() {
        if (!running) {
            return;
        }
        try {
            rebalance();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rebalance of group {0} failed: {1}; trying again",
                    options.group(), e.getMessage());
        }
    }

    /** Asks for a rebalance on the scheduler thread soon; requests made before it runs share it. */
    private void requestRebalance() {
        if (running && rebalanceQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    rebalanceQueued.set(false);
                    rebalanceQuietly();
                });
            } catch (RejectedExecutionException closing) {
                rebalanceQueued.set(false);
            }
        }
    }

    private void commitQuietly() {
        if (running) {
            rebalancer.commitOffsets();
        }
    }

    private void renewLeasesQuietly() {
        try {
            rebalancer.renewLeases();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not renew queue leases of group {0}: {1}", options.group(),
                    e.getMessage());
        }
    }

    @Override
    public String getConsumerGroup() {
        return options.group();
    }

    @Override
    public Map<String, FilterExpression> getSubscriptionExpressions() {
        return subscriptions.expressions();
    }

    /** Subscribes now; a filter the broker refuses (a malformed expression) leaves the subscriptions as they were. */
    @Override
    public PushConsumer subscribe(String topic, FilterExpression filterExpression) throws ClientException {
        checkRunning();
        FilterExpression previous = subscriptions.put(topic, filterExpression);
        try {
            onScheduler(() -> {
                rebalance();
                return null;
            });
        } catch (ClientException | RuntimeException e) {
            subscriptions.restore(topic, previous);
            throw e;
        }
        return this;
    }

    @Override
    public PushConsumer unsubscribe(String topic) throws ClientException {
        checkRunning();
        Require.notNull(topic, "topic should not be null");
        subscriptions.remove(topic);
        onScheduler(() -> {
            rebalance();
            return null;
        });
        return this;
    }

    /** Runs a task on the scheduler thread and waits for it; its failure is thrown as the API's. */
    private <T> T onScheduler(Callable<T> task) throws ClientException {
        try {
            return scheduler.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                throw (RuntimeException) cause;
            }
            throw Failures.toClientException(cause);
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
    public void consumerIdsChanged(String group) {
        requestRebalance();
    }

    @Override
    public void offsetsReset(String group, String topic, Map<Integer, Long> offsets) {
        if (!running) {
            return;
        }
        try {
            scheduler.execute(() -> {
                try {
                    rebalancer.offsetsReset(topic, offsets);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not restart {0} from reset offsets: {1}", topic,
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException closing) {
            // Closing: the reset offsets are already committed.
        }
    }

    /** Messages pulled and not yet consumed, across queues (for tests and monitoring). */
    int cachedMessageCount() throws ClientException {
        return onScheduler(rebalancer::cachedMessageCount);
    }

    private void checkRunning() {
        if (!running) {
            throw new IllegalStateException("push consumer is not running now (it was closed)");
        }
    }

    /**
     * Stops pulling, waits for the listener calls in progress (messages pulled but not started are left for the
     * group), commits the offsets, leaves the group (the rest of it rebalances) and releases the broker.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            java.util.concurrent.CompletableFuture<Void> stopped = scheduler.submit(rebalancer::stopAll).get();
            pool.shutdown();
            stopped.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "push consumer {0}: listener calls still running after {1} ms; "
                    + "their messages will be delivered again", clientId, CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "push consumer " + clientId + " did not stop cleanly", e);
        }
        leaveGroup();
        release(false);
        LOG.log(System.Logger.Level.INFO, "push consumer {0} of group {1} closed", clientId, options.group());
    }

    private void leaveGroup() {
        try {
            gateway.unregisterConsumer(options.group(), clientId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not leave group {0}: {1}", options.group(), e.getMessage());
        }
    }

    /** Stops the threads (waiting for the pool's, if asked) and lets go of the broker. */
    private void release(boolean awaitPool) {
        running = false;
        pool.shutdown();
        scheduler.shutdownNow();
        if (awaitPool) {
            try {
                pool.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lease.close();
    }

    @Override
    public String toString() {
        return "PushConsumer{group=" + options.group() + ", clientId=" + clientId + "}";
    }
}
