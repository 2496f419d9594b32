package io.capsulemq.broker.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Every tunable of the store in one place. Instances are immutable; build them with {@link #builder(Path)}.
 * Defaults follow Apache RocketMQ's where both have the setting.
 */
public final class StoreConfig {
    /** Default commit log segment size: 1 GiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 30;

    private final Path rootDir;
    private final int commitLogSegmentSize;
    private final int consumeQueueEntriesPerSegment;
    private final int indexHashSlots;
    private final int indexEntriesPerFile;
    private final FlushMode flushMode;
    private final Duration asyncFlushInterval;
    private final Duration syncFlushTimeout;
    private final Duration checkpointInterval;
    private final Duration queueFlushInterval;
    private final int maxMessageSize;
    private final Duration fileReservedTime;
    private final double diskMaxUsedRatio;
    private final double diskFullRatio;
    private final long minFreeBytes;
    private final Duration cleanInterval;
    private final int storeHostPort;
    private final byte[] storeHostAddress;
    private final Clock clock;

    private StoreConfig(Builder b) {
        this.rootDir = b.rootDir;
        this.commitLogSegmentSize = b.commitLogSegmentSize;
        this.consumeQueueEntriesPerSegment = b.consumeQueueEntriesPerSegment;
        this.indexHashSlots = b.indexHashSlots;
        this.indexEntriesPerFile = b.indexEntriesPerFile;
        this.flushMode = b.flushMode;
        this.asyncFlushInterval = b.asyncFlushInterval;
        this.syncFlushTimeout = b.syncFlushTimeout;
        this.checkpointInterval = b.checkpointInterval;
        this.queueFlushInterval = b.queueFlushInterval;
        this.maxMessageSize = b.maxMessageSize;
        this.fileReservedTime = b.fileReservedTime;
        this.diskMaxUsedRatio = b.diskMaxUsedRatio;
        this.diskFullRatio = b.diskFullRatio;
        this.minFreeBytes = b.minFreeBytes;
        this.cleanInterval = b.cleanInterval;
        this.storeHostPort = b.storeHostPort;
        this.storeHostAddress = b.storeHostAddress.clone();
        this.clock = b.clock;
    }

    public static Builder builder(Path rootDir) {
        return new Builder(rootDir);
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(rootDir);
        b.commitLogSegmentSize = commitLogSegmentSize;
        b.consumeQueueEntriesPerSegment = consumeQueueEntriesPerSegment;
        b.indexHashSlots = indexHashSlots;
        b.indexEntriesPerFile = indexEntriesPerFile;
        b.flushMode = flushMode;
        b.asyncFlushInterval = asyncFlushInterval;
        b.syncFlushTimeout = syncFlushTimeout;
        b.checkpointInterval = checkpointInterval;
        b.queueFlushInterval = queueFlushInterval;
        b.maxMessageSize = maxMessageSize;
        b.fileReservedTime = fileReservedTime;
        b.diskMaxUsedRatio = diskMaxUsedRatio;
        b.diskFullRatio = diskFullRatio;
        b.minFreeBytes = minFreeBytes;
        b.cleanInterval = cleanInterval;
        b.storeHostPort = storeHostPort;
        b.storeHostAddress = storeHostAddress.clone();
        b.clock = clock;
        return b;
    }

    /** The store's folder; holds {@code commitlog/}, {@code consumequeue/}, {@code index/} and the checkpoint. */
    public Path rootDir() { return rootDir; }
    public Path commitLogDir() { return rootDir.resolve("commitlog"); }
    public Path consumeQueueDir() { return rootDir.resolve("consumequeue"); }
    public Path indexDir() { return rootDir.resolve("index"); }
    /** Size of each commit log segment file; a record never spans two segments. */
    public int commitLogSegmentSize() { return commitLogSegmentSize; }
    /** Entries in each consume queue segment file (20 bytes each). */
    public int consumeQueueEntriesPerSegment() { return consumeQueueEntriesPerSegment; }
    public int indexHashSlots() { return indexHashSlots; }
    public int indexEntriesPerFile() { return indexEntriesPerFile; }
    public FlushMode flushMode() { return flushMode; }
    /** How often the asynchronous flusher forces the commit log (RocketMQ's flushIntervalCommitLog). */
    public Duration asyncFlushInterval() { return asyncFlushInterval; }
    /** How long a synchronous put waits for its fsync before answering FLUSH_DISK_TIMEOUT. */
    public Duration syncFlushTimeout() { return syncFlushTimeout; }
    /** How often the checkpoint is written (the commit log is forced for it). */
    public Duration checkpointInterval() { return checkpointInterval; }
    /**
     * How often consume queues and index are forced; the checkpoint's replay point advances with each such
     * flush, so this bounds how much of the log a recovery replays. Forcing thousands of queue files is costly,
     * hence a slower cadence than the checkpoint's.
     */
    public Duration queueFlushInterval() { return queueFlushInterval; }
    /** Largest accepted body plus properties, in bytes (RocketMQ's maxMessageSize, default 4 MiB). */
    public int maxMessageSize() { return maxMessageSize; }
    /**
     * Segments whose newest message is older than this are deleted (RocketMQ's fileReservedTime, 72 h), unless a
     * retention guard still needs them ({@link MessageStore#addRetentionGuard}).
     */
    public Duration fileReservedTime() { return fileReservedTime; }
    /** Above this share of the disk used, the oldest segments are deleted even if not expired (0.85). */
    public double diskMaxUsedRatio() { return diskMaxUsedRatio; }
    /** Above this share of the disk used, appends are refused with DISK_FULL (0.95). */
    public double diskFullRatio() { return diskFullRatio; }
    /** Appends are refused when fewer bytes than this are free (at least two segments' worth is wise). */
    public long minFreeBytes() { return minFreeBytes; }
    public Duration cleanInterval() { return cleanInterval; }
    /** The store host written into every record and into offset message ids. */
    public byte[] storeHostAddress() { return storeHostAddress.clone(); }
    public int storeHostPort() { return storeHostPort; }
    /** The clock a segment's age is measured against (its file's last change time); tests move it. */
    public Clock clock() { return clock; }

    public static final class Builder {
        private final Path rootDir;
        private int commitLogSegmentSize = DEFAULT_SEGMENT_SIZE;
        private int consumeQueueEntriesPerSegment = 300_000;
        private int indexHashSlots = 5_000_000;
        private int indexEntriesPerFile = 20_000_000;
        private FlushMode flushMode = FlushMode.ASYNC;
        private Duration asyncFlushInterval = Duration.ofMillis(500);
        private Duration syncFlushTimeout = Duration.ofSeconds(5);
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private Duration queueFlushInterval = Duration.ofSeconds(10);
        private int maxMessageSize = 4 * 1024 * 1024;
        private Duration fileReservedTime = Duration.ofHours(72);
        private double diskMaxUsedRatio = 0.85;
        private double diskFullRatio = 0.95;
        private long minFreeBytes = 64L * 1024 * 1024;
        private Duration cleanInterval = Duration.ofSeconds(10);
        private int storeHostPort = 10911;
        private byte[] storeHostAddress = {127, 0, 0, 1};
        private Clock clock = Clock.systemUTC();

        private Builder(Path rootDir) {
            this.rootDir = Objects.requireNonNull(rootDir, "rootDir");
        }

        public Builder commitLogSegmentSize(int bytes) {
            this.commitLogSegmentSize = requireAtLeast("commitLogSegmentSize", bytes, 64 * 1024);
            return this;
        }

        public Builder consumeQueueEntriesPerSegment(int entries) {
            this.consumeQueueEntriesPerSegment = requireAtLeast("consumeQueueEntriesPerSegment", entries, 16);
            return this;
        }

        public Builder indexHashSlots(int slots) {
            this.indexHashSlots = requireAtLeast("indexHashSlots", slots, 16);
            return this;
        }

        public Builder indexEntriesPerFile(int entries) {
            this.indexEntriesPerFile = requireAtLeast("indexEntriesPerFile", entries, 16);
            return this;
        }

        public Builder flushMode(FlushMode mode) {
            this.flushMode = Objects.requireNonNull(mode, "flushMode");
            return this;
        }

        public Builder asyncFlushInterval(Duration interval) {
            this.asyncFlushInterval = requirePositive("asyncFlushInterval", interval);
            return this;
        }

        public Builder syncFlushTimeout(Duration timeout) {
            this.syncFlushTimeout = requirePositive("syncFlushTimeout", timeout);
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = requirePositive("checkpointInterval", interval);
            return this;
        }

        public Builder queueFlushInterval(Duration interval) {
            this.queueFlushInterval = requirePositive("queueFlushInterval", interval);
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = requireAtLeast("maxMessageSize", bytes, 1);
            return this;
        }

        public Builder fileReservedTime(Duration time) {
            this.fileReservedTime = requirePositive("fileReservedTime", time);
            return this;
        }

        public Builder diskMaxUsedRatio(double ratio) {
            this.diskMaxUsedRatio = requireRatio("diskMaxUsedRatio", ratio);
            return this;
        }

        public Builder diskFullRatio(double ratio) {
            this.diskFullRatio = requireRatio("diskFullRatio", ratio);
            return this;
        }

        public Builder minFreeBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minFreeBytes must be >= 0, was " + bytes);
            }
            this.minFreeBytes = bytes;
            return this;
        }

        public Builder cleanInterval(Duration interval) {
            this.cleanInterval = requirePositive("cleanInterval", interval);
            return this;
        }

        public Builder storeHost(byte[] address, int port) {
            if (address == null || (address.length != 4 && address.length != 16)) {
                throw new IllegalArgumentException("store host address must be 4 (IPv4) or 16 (IPv6) bytes");
            }
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("store host port must be 0..65535, was " + port);
            }
            this.storeHostAddress = address.clone();
            this.storeHostPort = port;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public StoreConfig build() {
            int largestRecord = maxMessageSize + 64 * 1024;
            if (commitLogSegmentSize < largestRecord) {
                throw new IllegalArgumentException("commitLogSegmentSize " + commitLogSegmentSize
                        + " cannot hold a message of maxMessageSize " + maxMessageSize
                        + " (needs at least " + largestRecord + ")");
            }
            return new StoreConfig(this);
        }

        private static int requireAtLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
            return d;
        }

        private static double requireRatio(String name, double r) {
            if (!(r > 0 && r <= 1)) {
                throw new IllegalArgumentException(name + " must be in (0, 1], was " + r);
            }
            return r;
        }
    }
}
