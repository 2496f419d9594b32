package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.StoreConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every tunable of the timer in one place. Instances are immutable; build them with {@link #builder(Path)}.
 *
 * <p>The wheel has {@link #wheelSlots()} slots of {@link #precision()} each; a message is due in the slot whose end
 * is at or after its delivery time, so it fires at most one precision late and never early. Entries further ahead
 * than the wheel spans are parked in its last slot and moved on when that slot comes round, so the wheel must only
 * span the horizon for each entry to be touched once. The wheel's geometry is fixed when its file is created.
 */
public final class TimerConfig {
    /** RocketMQ's default limit on how far ahead a message may be timed: three days. */
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(3);

    private final Path dir;
    private final Duration horizon;
    private final long precisionMillis;
    private final int wheelSlots;
    private final int logSegmentBytes;
    private final Duration checkpointInterval;
    private final int fireAheadBudget;

    private TimerConfig(Builder b, int wheelSlots) {
        this.dir = b.dir;
        this.horizon = b.horizon;
        this.precisionMillis = b.precision.toMillis();
        this.wheelSlots = wheelSlots;
        this.logSegmentBytes = b.logSegmentBytes;
        this.checkpointInterval = b.checkpointInterval;
        this.fireAheadBudget = b.fireAheadBudget;
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The usual place: {@code timer/} in the store's folder. */
    public static Builder builder(StoreConfig store) {
        return new Builder(store.rootDir().resolve("timer"));
    }

    /** The timer's folder: the wheel, the timer log's segments and the checkpoint. */
    public Path dir() { return dir; }
    /**
     * How far ahead a message may be timed. The engine refuses what lies beyond; the timer itself handles any
     * time. The timer reads each timed message back from the commit log when it fires; its retention guard keeps
     * the store from deleting it for its age meanwhile, however long that is (a full disk still can).
     */
    public Duration horizon() { return horizon; }
    /** The length of one wheel slot, in milliseconds: how late at most a message fires. */
    public long precisionMillis() { return precisionMillis; }
    /** Slots in the wheel: by default twice the horizon, so a backlog after downtime does not force moves. */
    public int wheelSlots() { return wheelSlots; }
    /** Size of each timer log segment file; a multiple of the 64-byte record. */
    public int logSegmentBytes() { return logSegmentBytes; }
    /** How often the wheel and log are forced and the timer checkpoint is written. */
    public Duration checkpointInterval() { return checkpointInterval; }
    /**
     * How many entries the durable fire horizon may run ahead of the slot being fired (at least one slot): after a
     * crash, at most this many entries (or one slot's) are checked against the store for an earlier firing.
     */
    public int fireAheadBudget() { return fireAheadBudget; }

    public static final class Builder {
        private final Path dir;
        private Duration horizon = DEFAULT_HORIZON;
        private Duration precision = Duration.ofSeconds(1);
        private int wheelSlots;
        private int logSegmentBytes = 64 << 20;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private int fireAheadBudget = 10_000;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
        }

        public Builder horizon(Duration horizon) {
            this.horizon = requirePositive("horizon", horizon);
            return this;
        }

        public Builder precision(Duration precision) {
            requirePositive("precision", precision);
            if (precision.toMillis() < 1) {
                throw new IllegalArgumentException("precision must be at least 1 ms, was " + precision);
            }
            this.precision = precision;
            return this;
        }

        /** Overrides the wheel's slot count (0 restores the default: twice the horizon). */
        public Builder wheelSlots(int slots) {
            if (slots != 0 && slots < 2) {
                throw new IllegalArgumentException("wheelSlots must be at least 2, was " + slots);
            }
            this.wheelSlots = slots;
            return this;
        }

        public Builder logSegmentBytes(int bytes) {
            if (bytes < 4 * TimerLogDescriptor.RECORD_SIZE || bytes % TimerLogDescriptor.RECORD_SIZE != 0) {
                throw new IllegalArgumentException("logSegmentBytes must be a multiple of "
                        + TimerLogDescriptor.RECORD_SIZE + " and at least " + 4 * TimerLogDescriptor.RECORD_SIZE
                        + ", was " + bytes);
            }
            this.logSegmentBytes = bytes;
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = requirePositive("checkpointInterval", interval);
            return this;
        }

        public Builder fireAheadBudget(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("fireAheadBudget must be at least 1, was " + entries);
            }
            this.fireAheadBudget = entries;
            return this;
        }

        public TimerConfig build() {
            long precisionMillis = precision.toMillis();
            long slots = wheelSlots != 0 ? wheelSlots
                    : 2 * Math.max(1, (horizon.toMillis() + precisionMillis - 1) / precisionMillis);
            if (slots > WheelDescriptor.MAX_SLOTS) {
                throw new IllegalArgumentException("a wheel of " + slots + " slots (horizon " + horizon
                        + " at precision " + precision + ") exceeds " + WheelDescriptor.MAX_SLOTS
                        + "; choose a coarser precision or set wheelSlots");
            }
            return new TimerConfig(this, (int) slots);
        }

        private static Duration requirePositive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
            return d;
        }
    }
}
