package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.store.StoreConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engine's settings of a broker.conf, under RocketMQ's BrokerConfig names and units. */
final class EngineSettings {
    /** RocketMQ's brokerRole values. */
    private enum BrokerRole {
        ASYNC_MASTER, SYNC_MASTER, SLAVE
    }

    private static final Duration ONE_MILLI = Duration.ofMillis(1);
    private static final String DELAY_LEVELS = "messageDelayLevel";
    /** The units of a delay level, as RocketMQ writes them: {@code 1s 5s 10s 30s 1m ... 2h}. */
    private static final Map<Character, Duration> LEVEL_UNITS = Map.of('s', Duration.ofSeconds(1),
            'm', Duration.ofMinutes(1), 'h', Duration.ofHours(1), 'd', Duration.ofDays(1));
    /** RocketMQ retries a failed message at delay level 3 first, then 4, and so on, staying at the last. */
    private static final int FIRST_RETRY_LEVEL = 3;

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
        conf.nonEmpty(DELAY_LEVELS).ifPresent(levels -> {
            broker.retryBackoff(retryBackoff(delayLevels(levels)));
            notes.add(DELAY_LEVELS + " sets the retry back-off only (its levels from the third on, as RocketMQ's "
                    + "retries use them); a message sent with a delay level keeps RocketMQ's default levels "
                    + "(1s 5s 10s 30s 1m ... 2h)");
        });
        return broker.build();
    }

    /** The delays of RocketMQ's {@code messageDelayLevel}: whole numbers with a unit, s, m, h or d, space-separated. */
    private static List<Duration> delayLevels(String value) {
        List<Duration> levels = new ArrayList<>();
        for (String level : value.split("\\s+")) {
            Duration unit = LEVEL_UNITS.get(level.charAt(level.length() - 1));
            try {
                long amount = Long.parseLong(level.substring(0, level.length() - 1));
                if (unit != null && amount >= 0) {
                    levels.add(unit.multipliedBy(amount));
                    continue;
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // refused below, as a level without its unit is
            }
            throw new BrokerConfException(DELAY_LEVELS, value, "has level '" + level + "', which is not a whole "
                    + "number followed by s, m, h or d");
        }
        return levels;
    }

    /** The delays RocketMQ's retries go through: level 3 on, or the last level when there are fewer. */
    private static List<Duration> retryBackoff(List<Duration> levels) {
        return List.copyOf(levels.subList(Math.min(FIRST_RETRY_LEVEL, levels.size()) - 1, levels.size()));
    }
}
