package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.admin.AdminService;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.lock.QueueLocks;
import io.capsulemq.broker.engine.pop.PopService;
import io.capsulemq.broker.engine.pull.PullService;
import io.capsulemq.broker.engine.retry.RetryService;
import io.capsulemq.broker.engine.send.SendService;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.engine.timer.TimerConfig;
import io.capsulemq.broker.engine.timer.TimerMessages;
import io.capsulemq.broker.engine.timer.TimerService;
import io.capsulemq.broker.engine.transaction.HalfMessages;
import io.capsulemq.broker.engine.transaction.TransactionService;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.MessageStore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The broker engine: the store and the messaging semantics on it, wired together and started. Each service is
 * reachable for the layers above (the native API in process, the remoting protocol, the admin console).
 */
public final class Broker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Broker.class.getName());

    private final BrokerConfig config;
    private final DefaultMessageStore store;
    private final TopicRegistry topics;
    private final GroupRegistry groups;
    private final ConsumerOffsets offsets;
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final QueueLocks locks;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService readers;
    private final SendService sender;
    private final PullService puller;
    private final RetryService retries;
    private final PopService pop;
    private final TimerService timer;
    private final AdminService admin;
    private final TransactionService transactions;

    private Broker(BrokerConfig config) {
        this.config = config;
        this.store = DefaultMessageStore.open(config.store());
        // Before the services open, so no retention round runs unguarded: until one is up, its guard keeps everything.
        AtomicReference<LongSupplier> timerNeeds = retentionGuard("timer");
        AtomicReference<LongSupplier> transactionsNeed = retentionGuard("transactions");
        // What started so far, stopped in reverse if a later step fails, so a failed start leaves nothing running.
        Deque<AutoCloseable> started = new ArrayDeque<>();
        started.push(store);
        try {
            this.topics = new TopicRegistry(config.configDir(), config.defaultTopicQueueNums(),
                    config.autoCreateTopicEnable());
            this.groups = new GroupRegistry(config.configDir(), config.autoCreateSubscriptionGroup());
            this.offsets = new ConsumerOffsets(config.configDir());
            this.consumers = new ConsumerRegistry(config.clock(), config.clientExpiry());
            this.producers = new ProducerRegistry(config.clock(), config.clientExpiry());
            this.locks = new QueueLocks(config.clock(), config.queueLockLease());
            this.scheduler = Executors.newScheduledThreadPool(2, threads("capsule-broker-scheduler"));
            started.push(scheduler::shutdownNow);
            this.readers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                    threads("capsule-pull-reader"));
            started.push(readers::shutdownNow);
            ensureSystemTopics();
            this.timer = TimerService.open(store, TimerConfig.builder(config.store())
                    .horizon(config.timerMaxDelay()).build(), config.clock());
            started.push(timer);
            timerNeeds.set(timer::lowestNeededCommitLogOffset);
            this.sender = new SendService(store, topics, config.clock(), config.timerMaxDelay(), TimerMessages::wrap,
                    HalfMessages::toHalf);
            this.puller = new PullService(store, scheduler, readers);
            started.push(puller);
            this.retries = new RetryService(store, topics, groups, TimerMessages::wrap, config.clock(),
                    config.retryBackoff());
            this.pop = new PopService(store, topics, groups, offsets, retries, config.configDir(), config.clock(),
                    scheduler, readers);
            started.push(pop);
            long persistMillis = config.offsetPersistInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::persistOffsets, persistMillis, persistMillis, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(consumers::expireSilent, 10, 10, TimeUnit.SECONDS);
            // Last, so nothing after it can fail and leave its check thread running.
            this.transactions = new TransactionService(store, producers, topics, config.clock(),
                    config.transactionTimeout(), config.transactionCheckInterval(), config.transactionCheckMax());
            transactionsNeed.set(transactions::lowestNeededCommitLogOffset);
            transactions.start();
            this.admin = new AdminService(store, topics, groups, offsets, consumers, pop, timer, transactions);
        } catch (RuntimeException e) {
            for (AutoCloseable step : started) {
                try {
                    step.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "broker {0} started on {1}", config.brokerName(),
                config.store().rootDir());
    }

    /** Opens the store (recovering it if needed), loads topics, groups and offsets, and starts the services. */
    public static Broker start(BrokerConfig config) {
        return new Broker(config);
    }

    /**
     * Registers a retention guard for a service the broker reads old records through (timed messages, pending
     * halves); it answers 0, every segment, until the service sets what it needs.
     */
    private AtomicReference<LongSupplier> retentionGuard(String name) {
        AtomicReference<LongSupplier> needs = new AtomicReference<>(() -> 0L);
        store.addRetentionGuard(name, () -> needs.get().getAsLong());
        return needs;
    }

    private void ensureSystemTopics() {
        topics.ensure(SystemTopics.TIMER, 1, Permission.READ_WRITE);
        topics.ensure(SystemTopics.TRANSACTION_HALF, 1, Permission.READ_WRITE);
        topics.ensure(SystemTopics.TRANSACTION_OP, 1, Permission.READ_WRITE);
        topics.ensure(SystemTopics.REVIVE_LOG, 1, Permission.READ_WRITE);
        topics.ensure(SystemTopics.TRANSACTION_CHECK_MAX, 1, Permission.READ_WRITE);
        // RocketMQ's clients find a broker that creates topics on first send by the route of this template topic.
        if (config.autoCreateTopicEnable()) {
            topics.ensure(SystemTopics.AUTO_CREATE_DEFAULT, config.defaultTopicQueueNums(),
                    Permission.INHERIT | Permission.READ_WRITE);
        } else {
            topics.delete(SystemTopics.AUTO_CREATE_DEFAULT);
        }
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not write consumer offsets; will retry", e);
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public BrokerConfig config() { return config; }
    public MessageStore store() { return store; }
    public TopicRegistry topics() { return topics; }
    public GroupRegistry groups() { return groups; }
    public ConsumerOffsets offsets() { return offsets; }
    public ConsumerRegistry consumers() { return consumers; }
    public ProducerRegistry producers() { return producers; }
    public QueueLocks locks() { return locks; }
    public SendService sender() { return sender; }
    public PullService puller() { return puller; }
    public RetryService retries() { return retries; }
    public PopService pop() { return pop; }
    public TimerService timer() { return timer; }
    public AdminService admin() { return admin; }
    public TransactionService transactions() { return transactions; }

    /** Answers held pulls and pops, stops the services, writes offsets and closes the store cleanly. */
    @Override
    public void close() {
        puller.close();
        pop.close();
        transactions.close();
        timer.close();
        scheduler.shutdownNow();
        readers.shutdown();
        try {
            readers.awaitTermination(5, TimeUnit.SECONDS);
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        offsets.persist();
        store.close();
        LOG.log(System.Logger.Level.INFO, "broker {0} stopped", config.brokerName());
    }
}
