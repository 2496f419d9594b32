package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.StoreConfig;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The settings an embedded broker's endpoint may carry ({@code local:<dir>?name=value&...}), each mapped to the
 * store's or the engine's configuration; everything not given keeps its default. Store settings:
 * {@code flushDiskType} (SYNC_FLUSH or ASYNC_FLUSH), {@code commitLogSegmentSize}, {@code maxMessageSize},
 * {@code consumeQueueEntriesPerSegment}, {@code indexHashSlots}, {@code indexEntriesPerFile},
 * {@code fileReservedTime}, {@code diskMaxUsedRatio}, {@code diskFullRatio}, {@code minFreeBytes}. Engine settings:
 * {@code brokerName}, {@code clusterName}, {@code autoCreateTopicEnable}, {@code autoCreateSubscriptionGroup},
 * {@code defaultTopicQueueNums}, {@code timerMaxDelay}, {@code transactionTimeout}, {@code transactionCheckInterval},
 * {@code transactionCheckMax}, {@code clientExpiry}, {@code queueLockLease}, {@code offsetPersistInterval},
 * {@code retryBackoff} (durations separated by commas). Public for the resource adapter, which takes the same
 * settings.
 */
public final class BrokerSettings {
    private static final Map<String, BiConsumer<StoreConfig.Builder, String>> STORE = new TreeMap<>();
    private static final Map<String, BiConsumer<BrokerConfig.Builder, String>> ENGINE = new TreeMap<>();

    static {
        STORE.put("flushDiskType", (b, v) -> b.flushMode(flushMode(v)));
        STORE.put("commitLogSegmentSize", (b, v) -> b.commitLogSegmentSize(SettingValues.intSize(v)));
        STORE.put("maxMessageSize", (b, v) -> b.maxMessageSize(SettingValues.intSize(v)));
        STORE.put("consumeQueueEntriesPerSegment", (b, v) -> b.consumeQueueEntriesPerSegment(SettingValues.integer(v)));
        STORE.put("indexHashSlots", (b, v) -> b.indexHashSlots(SettingValues.integer(v)));
        STORE.put("indexEntriesPerFile", (b, v) -> b.indexEntriesPerFile(SettingValues.integer(v)));
        STORE.put("fileReservedTime", (b, v) -> b.fileReservedTime(SettingValues.duration(v)));
        STORE.put("diskMaxUsedRatio", (b, v) -> b.diskMaxUsedRatio(SettingValues.ratio(v)));
        STORE.put("diskFullRatio", (b, v) -> b.diskFullRatio(SettingValues.ratio(v)));
        STORE.put("minFreeBytes", (b, v) -> b.minFreeBytes(SettingValues.size(v)));

        ENGINE.put("brokerName", BrokerConfig.Builder::brokerName);
        ENGINE.put("clusterName", BrokerConfig.Builder::clusterName);
        ENGINE.put("autoCreateTopicEnable", (b, v) -> b.autoCreateTopicEnable(SettingValues.bool(v)));
        ENGINE.put("autoCreateSubscriptionGroup", (b, v) -> b.autoCreateSubscriptionGroup(SettingValues.bool(v)));
        ENGINE.put("defaultTopicQueueNums", (b, v) -> b.defaultTopicQueueNums(SettingValues.integer(v)));
        ENGINE.put("timerMaxDelay", (b, v) -> b.timerMaxDelay(SettingValues.duration(v)));
        ENGINE.put("transactionTimeout", (b, v) -> b.transactionTimeout(SettingValues.duration(v)));
        ENGINE.put("transactionCheckInterval", (b, v) -> b.transactionCheckInterval(SettingValues.duration(v)));
        ENGINE.put("transactionCheckMax", (b, v) -> b.transactionCheckMax(SettingValues.integer(v)));
        ENGINE.put("clientExpiry", (b, v) -> b.clientExpiry(SettingValues.duration(v)));
        ENGINE.put("queueLockLease", (b, v) -> b.queueLockLease(SettingValues.duration(v)));
        ENGINE.put("offsetPersistInterval", (b, v) -> b.offsetPersistInterval(SettingValues.duration(v)));
        ENGINE.put("retryBackoff", (b, v) -> b.retryBackoff(SettingValues.durations(v)));
    }

    private BrokerSettings() {
    }

    /** Refuses unknown names and malformed values, naming them and what is understood. */
    static void check(String endpoint, Map<String, String> settings) {
        config(endpoint, Path.of(".").toAbsolutePath(), settings);
    }

    /** The configuration of a broker over {@code dataDir} with these settings; {@code endpoint} names the source
     * in errors. */
    public static BrokerConfig config(String endpoint, Path dataDir, Map<String, String> settings) {
        StoreConfig.Builder store = StoreConfig.builder(dataDir);
        settings.forEach((name, value) -> {
            BiConsumer<StoreConfig.Builder, String> setting = STORE.get(name);
            if (setting != null) {
                apply(endpoint, name, value, () -> setting.accept(store, value));
            } else if (!ENGINE.containsKey(name)) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "': unknown setting '" + name
                        + "'. Understood: " + String.join(", ", STORE.keySet()) + ", "
                        + String.join(", ", ENGINE.keySet()));
            }
        });
        BrokerConfig.Builder engine = BrokerConfig.builder(build(endpoint, store));
        settings.forEach((name, value) -> {
            BiConsumer<BrokerConfig.Builder, String> setting = ENGINE.get(name);
            if (setting != null) {
                apply(endpoint, name, value, () -> setting.accept(engine, value));
            }
        });
        return engine.build();
    }

    private static StoreConfig build(String endpoint, StoreConfig.Builder store) {
        try {
            return store.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "': " + e.getMessage(), e);
        }
    }

    private static void apply(String endpoint, String name, String value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "': setting " + name + "=" + value + ": "
                    + e.getMessage(), e);
        }
    }

    private static FlushMode flushMode(String value) {
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "SYNC_FLUSH", "SYNC" -> FlushMode.SYNC;
            case "ASYNC_FLUSH", "ASYNC" -> FlushMode.ASYNC;
            default -> throw new IllegalArgumentException("'" + value + "' is not SYNC_FLUSH or ASYNC_FLUSH");
        };
    }
}
