package io.capsulemq.client.endpoint;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Setting values as endpoints write them: durations ({@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h},
 * {@code 1d}, ISO-8601 or plain milliseconds), sizes ({@code 64k}, {@code 1m}, {@code 1g} or plain bytes),
 * whole numbers, ratios and booleans. Each parser refuses a malformed value naming the form it wanted. */
final class SettingValues {
    private SettingValues() {
    }

    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            long n = v.isEmpty() ? -1 : Character.isDigit(v.charAt(v.length() - 1)) ? Long.parseLong(v)
                    : Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofMillis(n);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (for example 500ms, 2s, 1m, 1h, "
                    + "PT2S, or milliseconds)");
        }
    }

    /** Durations separated by commas, at least one. */
    static List<Duration> durations(String value) {
        return Arrays.stream(value.split(",")).map(SettingValues::duration).toList();
    }

    static long size(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        long unit = 1;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        try {
            String digits = unit == 1 ? v : v.substring(0, v.length() - 1).trim();
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is not a size (for example 65536, 64k, 256m, 1g)");
        }
    }

    static int intSize(String value) {
        long n = size(value);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + value + "' is larger than " + Integer.MAX_VALUE + " bytes");
        }
        return (int) n;
    }

    static int integer(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
    }

    static double ratio(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number (for example 0.85)");
        }
    }

    static boolean bool(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("'" + value + "' is not true or false");
    }
}
