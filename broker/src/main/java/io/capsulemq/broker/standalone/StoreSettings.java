package io.capsulemq.broker.standalone;

import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.StoreConfig;

import java.nio.file.Path;
import java.time.Duration;

/** The store's settings of a broker.conf, under RocketMQ's MessageStoreConfig names and units. */
final class StoreSettings {
    /** RocketMQ's flushDiskType values. */
    private enum FlushDiskType {
        ASYNC_FLUSH, SYNC_FLUSH
    }

    static final String STORE_PATH_ROOT_DIR = "storePathRootDir";
    /** Bytes of a consume queue entry: RocketMQ sizes consume queue files in bytes, Capsule in entries. */
    private static final int CONSUME_QUEUE_ENTRY_BYTES = 20;
    private static final Duration ONE_MILLI = Duration.ofMillis(1);

    private StoreSettings() {
    }

    /** The store folder: storePathRootDir, made absolute, or {@code defaultRoot}. */
    static Path rootDir(ConfEntries conf, Path defaultRoot) {
        return conf.nonEmpty(STORE_PATH_ROOT_DIR).map(Path::of).orElse(defaultRoot).toAbsolutePath().normalize();
    }

    /**
     * The store configuration, written into every message as coming from {@code storeHost}:{@code storePort}.
     */
    static StoreConfig read(ConfEntries conf, Path root, byte[] storeHost, int storePort) {
        StoreConfig.Builder store = StoreConfig.builder(root).storeHost(storeHost, storePort);
        requireUnder(conf, "storePathCommitLog", root.resolve("commitlog"));
        requireUnder(conf, "storePathConsumeQueue", root.resolve("consumequeue"));
        requireUnder(conf, "storePathIndex", root.resolve("index"));
        conf.oneOf("flushDiskType", FlushDiskType.class)
                .ifPresent(type -> store.flushMode(type == FlushDiskType.SYNC_FLUSH ? FlushMode.SYNC : FlushMode.ASYNC));
        conf.integer("mappedFileSizeCommitLog", 64 * 1024, Integer.MAX_VALUE).ifPresent(store::commitLogSegmentSize);
        conf.integer("mappedFileSizeConsumeQueue", 16 * CONSUME_QUEUE_ENTRY_BYTES, Integer.MAX_VALUE)
                .ifPresent(bytes -> {
                    if (bytes % CONSUME_QUEUE_ENTRY_BYTES != 0) {
                        throw new BrokerConfException("mappedFileSizeConsumeQueue", bytes.toString(),
                                "is not a multiple of the 20-byte consume queue entry");
                    }
                    store.consumeQueueEntriesPerSegment(bytes / CONSUME_QUEUE_ENTRY_BYTES);
                });
        conf.integer("maxMessageSize", 1, Integer.MAX_VALUE).ifPresent(store::maxMessageSize);
        conf.hours("fileReservedTime", Duration.ofHours(1)).ifPresent(store::fileReservedTime);
        conf.percent("diskMaxUsedSpaceRatio").ifPresent(store::diskMaxUsedRatio);
        conf.percent("diskSpaceWarningLevelRatio").ifPresent(store::diskFullRatio);
        conf.millis("flushIntervalCommitLog", ONE_MILLI).ifPresent(store::asyncFlushInterval);
        conf.millis("syncFlushTimeout", ONE_MILLI).ifPresent(store::syncFlushTimeout);
        conf.millis("flushIntervalConsumeQueue", ONE_MILLI).ifPresent(store::queueFlushInterval);
        conf.millis("cleanResourceInterval", ONE_MILLI).ifPresent(store::cleanInterval);
        conf.integer("maxHashSlotNum", 16, Integer.MAX_VALUE).ifPresent(store::indexHashSlots);
        conf.integer("maxIndexNum", 16, Integer.MAX_VALUE).ifPresent(store::indexEntriesPerFile);
        try {
            return store.build();
        } catch (IllegalArgumentException e) {
            // The one check across settings: a segment must hold the largest message.
            throw new BrokerConfException("mappedFileSizeCommitLog",
                    conf.text("mappedFileSizeCommitLog").orElse("(default " + StoreConfig.DEFAULT_SEGMENT_SIZE + ")"),
                    "does not fit maxMessageSize: " + e.getMessage());
        }
    }

    /** Capsule keeps each part of the store in a fixed folder under the root; a setting may only name that one. */
    private static void requireUnder(ConfEntries conf, String key, Path expected) {
        conf.nonEmpty(key).ifPresent(value -> {
            if (!Path.of(value).toAbsolutePath().normalize().equals(expected)) {
                throw new BrokerConfException(key, value, "is not supported: Capsule keeps it at " + expected
                        + ", under " + STORE_PATH_ROOT_DIR);
            }
        });
    }
}
