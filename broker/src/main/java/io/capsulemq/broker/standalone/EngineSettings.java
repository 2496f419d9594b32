package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.store.StoreConfig;

import java.time.Duration;
import java.util.List;

/** The engine's settings of a broker.conf, under RocketMQ's BrokerConfig names and units. */
final class EngineSettings {
    /** RocketMQ's brokerRole values. */
    private enum BrokerRole {
        ASYNC_MASTER, SYNC_MASTER, SLAVE
    }

    private static final Duration ONE_MILLI = Duration.ofMillis(1);

    private EngineSettings() {
    }

    /** The engine configuration on {@code store}; notes on accepted settings that change nothing go to {@code notes}. */
    static BrokerConfig read(ConfEntries conf, StoreConfig store, List<String> notes) {
        BrokerConfig.Builder broker = BrokerConfig.builder(store);
        conf.nonEmpty("brokerName").ifPresent(broker::brokerName);
        conf.nonEmpty("brokerClusterName").ifPresent(broker::clusterName);
        conf.longValue("brokerId", Long.MIN_VALUE, Long.MAX_VALUE).ifPresent(id -> {
            if (id != 0) {
                throw new BrokerConfException("brokerId", id.toString(),
                        "is not supported: Capsule runs a single master, whose id is 0");
            }
        });
        conf.oneOf("brokerRole", BrokerRole.class).ifPresent(role -> {
            if (role == BrokerRole.SLAVE) {
                throw new BrokerConfException("brokerRole", role.name(),
                        "is not supported: Capsule runs a single master, without slaves");
            }
            if (role == BrokerRole.SYNC_MASTER) {
                notes.add("brokerRole=SYNC_MASTER: Capsule has no slaves to wait for; it runs as a single master "
                        + "(flushDiskType decides when a send is acknowledged)");
            }
        });
        conf.flag("autoCreateTopicEnable").ifPresent(broker::autoCreateTopicEnable);
        conf.flag("autoCreateSubscriptionGroup").ifPresent(broker::autoCreateSubscriptionGroup);
        conf.integer("defaultTopicQueueNums", 1, Integer.MAX_VALUE).ifPresent(broker::defaultTopicQueueNums);
        conf.millis("transactionTimeOut", ONE_MILLI).ifPresent(broker::transactionTimeout);
        conf.millis("transactionCheckInterval", ONE_MILLI).ifPresent(broker::transactionCheckInterval);
        conf.integer("transactionCheckMax", 1, Integer.MAX_VALUE).ifPresent(broker::transactionCheckMax);
        conf.seconds("timerMaxDelaySec", Duration.ofSeconds(1)).ifPresent(broker::timerMaxDelay);
        conf.millis("channelExpiredTimeout", ONE_MILLI).ifPresent(broker::clientExpiry);
        conf.millis("flushConsumerOffsetInterval", ONE_MILLI).ifPresent(broker::offsetPersistInterval);
        return broker.build();
    }
}
