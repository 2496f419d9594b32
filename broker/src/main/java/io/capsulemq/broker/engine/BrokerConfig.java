package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.retry.RetryService;
import io.capsulemq.broker.store.StoreConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every tunable of the broker engine in one place, beside the store's own {@link StoreConfig}. Defaults follow
 * Apache RocketMQ's broker where both have the setting. Immutable; build with {@link #builder(StoreConfig)}.
 */
public final class BrokerConfig {
    private final StoreConfig store;
    private final String brokerName;
    private final String clusterName;
    private final boolean autoCreateTopicEnable;
    private final boolean autoCreateSubscriptionGroup;
    private final int defaultTopicQueueNums;
    private final Duration timerMaxDelay;
    private final Duration transactionTimeout;
    private final Duration transactionCheckInterval;
    private final int transactionCheckMax;
    private final Duration clientExpiry;
    private final Duration queueLockLease;
    private final Duration offsetPersistInterval;
    private final List<Duration> retryBackoff;
    private final Clock clock;

    private BrokerConfig(Builder b) {
        this.store = b.store;
        this.brokerName = b.brokerName;
        this.clusterName = b.clusterName;
        this.autoCreateTopicEnable = b.autoCreateTopicEnable;
        this.autoCreateSubscriptionGroup = b.autoCreateSubscriptionGroup;
        this.defaultTopicQueueNums = b.defaultTopicQueueNums;
        this.timerMaxDelay = b.timerMaxDelay;
        this.transactionTimeout = b.transactionTimeout;
        this.transactionCheckInterval = b.transactionCheckInterval;
        this.transactionCheckMax = b.transactionCheckMax;
        this.clientExpiry = b.clientExpiry;
        this.queueLockLease = b.queueLockLease;
        this.offsetPersistInterval = b.offsetPersistInterval;
        this.retryBackoff = b.retryBackoff;
        this.clock = b.clock;
    }

    public static Builder builder(StoreConfig store) {
        return new Builder(store);
    }

    /**
     * The same engine settings over another store configuration: the store host of a broker that learns its
     * network address after its engine was configured, say.
     */
    public BrokerConfig withStore(StoreConfig other) {
        Builder b = new Builder(other);
        b.brokerName = brokerName;
        b.clusterName = clusterName;
        b.autoCreateTopicEnable = autoCreateTopicEnable;
        b.autoCreateSubscriptionGroup = autoCreateSubscriptionGroup;
        b.defaultTopicQueueNums = defaultTopicQueueNums;
        b.timerMaxDelay = timerMaxDelay;
        b.transactionTimeout = transactionTimeout;
        b.transactionCheckInterval = transactionCheckInterval;
        b.transactionCheckMax = transactionCheckMax;
        b.clientExpiry = clientExpiry;
        b.queueLockLease = queueLockLease;
        b.offsetPersistInterval = offsetPersistInterval;
        b.retryBackoff = retryBackoff;
        b.clock = clock;
        return b.build();
    }

    public StoreConfig store() { return store; }
    /** Where topics, groups and offsets are kept: {@code config/} under the store's folder, as in RocketMQ. */
    public Path configDir() { return store.rootDir().resolve("config"); }
    public String brokerName() { return brokerName; }
    public String clusterName() { return clusterName; }
    /** Whether the first send to an unknown topic creates it (on for the developer default). */
    public boolean autoCreateTopicEnable() { return autoCreateTopicEnable; }
    public boolean autoCreateSubscriptionGroup() { return autoCreateSubscriptionGroup; }
    /** Read and write queues of an auto-created topic. */
    public int defaultTopicQueueNums() { return defaultTopicQueueNums; }
    /** How far ahead a timed message may be due (3 days). */
    public Duration timerMaxDelay() { return timerMaxDelay; }
    /** How long a half message may stay unresolved before the broker checks back with its producer (6 s). */
    public Duration transactionTimeout() { return transactionTimeout; }
    /** How often unresolved half messages are checked (30 s). */
    public Duration transactionCheckInterval() { return transactionCheckInterval; }
    /** Checks of one half message before it is rolled back and recorded (15). */
    public int transactionCheckMax() { return transactionCheckMax; }
    /** A client silent for longer is dropped (120 s, RocketMQ's channel expiry). */
    public Duration clientExpiry() { return clientExpiry; }
    /** How long an ordered consumer's queue lease lasts unless renewed (60 s). */
    public Duration queueLockLease() { return queueLockLease; }
    /** How often committed consumer offsets are written (5 s). */
    public Duration offsetPersistInterval() { return offsetPersistInterval; }
    /** Delays before the first, second, ... retry of a failed message; the last repeats (10 s, 30 s, ... 2 h). */
    public List<Duration> retryBackoff() { return retryBackoff; }
    public Clock clock() { return clock; }

    public static final class Builder {
        private final StoreConfig store;
        private String brokerName = "capsule-broker";
        private String clusterName = "DefaultCluster";
        private boolean autoCreateTopicEnable = true;
        private boolean autoCreateSubscriptionGroup = true;
        private int defaultTopicQueueNums = 8;
        private Duration timerMaxDelay = Duration.ofDays(3);
        private Duration transactionTimeout = Duration.ofSeconds(6);
        private Duration transactionCheckInterval = Duration.ofSeconds(30);
        private int transactionCheckMax = 15;
        private Duration clientExpiry = Duration.ofSeconds(120);
        private Duration queueLockLease = Duration.ofSeconds(60);
        private Duration offsetPersistInterval = Duration.ofSeconds(5);
        private List<Duration> retryBackoff = RetryService.defaultBackoff();
        private Clock clock = Clock.systemUTC();

        private Builder(StoreConfig store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder brokerName(String v) { brokerName = Objects.requireNonNull(v); return this; }
        public Builder clusterName(String v) { clusterName = Objects.requireNonNull(v); return this; }
        public Builder autoCreateTopicEnable(boolean v) { autoCreateTopicEnable = v; return this; }
        public Builder autoCreateSubscriptionGroup(boolean v) { autoCreateSubscriptionGroup = v; return this; }
        public Builder defaultTopicQueueNums(int v) { defaultTopicQueueNums = positive("defaultTopicQueueNums", v); return this; }
        public Builder timerMaxDelay(Duration v) { timerMaxDelay = v; return this; }
        public Builder transactionTimeout(Duration v) { transactionTimeout = v; return this; }
        public Builder transactionCheckInterval(Duration v) { transactionCheckInterval = v; return this; }
        public Builder transactionCheckMax(int v) { transactionCheckMax = positive("transactionCheckMax", v); return this; }
        public Builder clientExpiry(Duration v) { clientExpiry = v; return this; }
        public Builder queueLockLease(Duration v) { queueLockLease = v; return this; }
        public Builder offsetPersistInterval(Duration v) { offsetPersistInterval = v; return this; }
        public Builder retryBackoff(List<Duration> v) { retryBackoff = RetryService.checkBackoff(v); return this; }
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }

        public BrokerConfig build() {
            return new BrokerConfig(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
