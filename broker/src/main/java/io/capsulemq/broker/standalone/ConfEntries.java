package io.capsulemq.broker.standalone;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The settings of a broker.conf, read by key and type. Values are trimmed. Every key read is remembered, so the keys
 * nobody read can be reported as unknown. A value that does not parse, or lies outside its range, throws a
 * {@link BrokerConfException} naming the key and the value.
 */
final class ConfEntries {
    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    ConfEntries(Map<String, String> values) {
        this.values = new TreeMap<>();
        values.forEach((key, value) -> this.values.put(key.trim(), value == null ? "" : value.trim()));
    }

    /** The value as written (trimmed), possibly empty; marks the key read. */
    Optional<String> text(String key) {
        read.add(key);
        return Optional.ofNullable(values.get(key));
    }

    /** A value that must not be empty when present. */
    Optional<String> nonEmpty(String key) {
        return text(key).map(value -> {
            if (value.isEmpty()) {
                throw new BrokerConfException(key, value, "must not be empty");
            }
            return value;
        });
    }

    /** A whole number in {@code [min, max]}. */
    Optional<Integer> integer(String key, int min, int max) {
        return longValue(key, min, max).map(Long::intValue);
    }

    /** A whole number in {@code [min, max]}. */
    Optional<Long> longValue(String key, long min, long max) {
        return nonEmpty(key).map(value -> {
            long number;
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new BrokerConfException(key, value, "is not a whole number");
            }
            if (number < min || number > max) {
                throw new BrokerConfException(key, value, "is out of range: it must be between " + min + " and "
                        + max);
            }
            return number;
        });
    }

    /** {@code true} or {@code false}, in any case; anything else is refused (RocketMQ would read it as false). */
    Optional<Boolean> flag(String key) {
        return nonEmpty(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BrokerConfException(key, value, "is neither true nor false");
        });
    }

    /** One of {@code choices}' names, spelt as RocketMQ spells them. */
    <E extends Enum<E>> Optional<E> oneOf(String key, Class<E> choices) {
        return nonEmpty(key).map(value -> {
            try {
                return Enum.valueOf(choices, value);
            } catch (IllegalArgumentException e) {
                throw new BrokerConfException(key, value, "is not one of "
                        + Arrays.toString(choices.getEnumConstants()));
            }
        });
    }

    /** A duration written as a whole number of milliseconds, at least {@code min}. */
    Optional<Duration> millis(String key, Duration min) {
        return duration(key, min, Duration::ofMillis);
    }

    /** A duration written as a whole number of seconds, at least {@code min}. */
    Optional<Duration> seconds(String key, Duration min) {
        return duration(key, min, Duration::ofSeconds);
    }

    /** A duration written as a whole number of hours, at least {@code min}. */
    Optional<Duration> hours(String key, Duration min) {
        return duration(key, min, Duration::ofHours);
    }

    /** A share of the disk written as a whole percentage in {@code [1, 100]}, as a ratio. */
    Optional<Double> percent(String key) {
        return integer(key, 1, 100).map(percent -> percent / 100.0);
    }

    /** The keys present that nobody read. */
    Set<String> unread() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    private Optional<Duration> duration(String key, Duration min, Function<Long, Duration> unit) {
        return longValue(key, 0, Long.MAX_VALUE / 1_000_000_000L).map(amount -> {
            Duration duration = unit.apply(amount);
            if (duration.compareTo(min) < 0) {
                throw new BrokerConfException(key, values.get(key), "is too short: it must be at least " + min);
            }
            return duration;
        });
    }
}
