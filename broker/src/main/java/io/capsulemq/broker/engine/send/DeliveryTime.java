package io.capsulemq.broker.engine.send;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.store.message.MessageProperties;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When a message asks to be delivered: from an absolute delivery timestamp (RocketMQ 5), a delay in seconds or
 * milliseconds, or one of RocketMQ 4's 18 delay levels.
 */
public final class DeliveryTime {
    public static final String DELAY_SECONDS = "TIMER_DELAY_SEC";
    public static final String DELAY_MILLIS = "TIMER_DELAY_MS";

    private static final long[] LEVEL_MILLIS = {
        1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000,
        540_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000};

    private DeliveryTime() {
    }

    /** Number of RocketMQ 4 delay levels (1 to 18). */
    public static int levels() {
        return LEVEL_MILLIS.length;
    }

    /** The delay of a level from 1 (1 s) to 18 (2 h). */
    public static long levelMillis(int level) {
        if (level < 1 || level > LEVEL_MILLIS.length) {
            throw new IllegalArgumentException("delay level " + level + " is not between 1 and " + LEVEL_MILLIS.length);
        }
        return LEVEL_MILLIS[level - 1];
    }

    /**
     * The epoch millis at which the message is due, or empty for an immediate message. A time beyond the horizon,
     * or a malformed value, is refused naming the property.
     */
    public static OptionalLong of(Map<String, String> properties, long nowMillis, Duration horizon) {
        OptionalLong due = parse(properties, nowMillis);
        if (due.isPresent() && due.getAsLong() - nowMillis > horizon.toMillis()) {
            throw new BrokerException(BrokerException.Reason.MESSAGE_ILLEGAL, "delivery time "
                    + java.time.Instant.ofEpochMilli(due.getAsLong()) + " is more than " + horizon
                    + " ahead; the broker's timer horizon is " + horizon);
        }
        return due;
    }

    private static OptionalLong parse(Map<String, String> properties, long nowMillis) {
        String at = properties.get(MessageProperties.DELIVER_TIME_MS);
        if (at != null) {
            return OptionalLong.of(number(MessageProperties.DELIVER_TIME_MS, at));
        }
        String seconds = properties.get(DELAY_SECONDS);
        if (seconds != null) {
            return OptionalLong.of(nowMillis + number(DELAY_SECONDS, seconds) * 1000);
        }
        String millis = properties.get(DELAY_MILLIS);
        if (millis != null) {
            return OptionalLong.of(nowMillis + number(DELAY_MILLIS, millis));
        }
        String level = properties.get(MessageProperties.DELAY_LEVEL);
        if (level != null) {
            int n = (int) number(MessageProperties.DELAY_LEVEL, level);
            if (n <= 0) {
                return OptionalLong.empty();
            }
            // RocketMQ caps a level above the highest at the highest.
            return OptionalLong.of(nowMillis + LEVEL_MILLIS[Math.min(n, LEVEL_MILLIS.length) - 1]);
        }
        return OptionalLong.empty();
    }

    private static long number(String property, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BrokerException(BrokerException.Reason.MESSAGE_ILLEGAL,
                    "property " + property + " is not a number: '" + value + "'");
        }
    }
}
