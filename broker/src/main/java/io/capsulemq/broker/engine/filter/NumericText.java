package io.capsulemq.broker.engine.filter;

/**
 * Reads a property string as the number it is compared with, accepting exactly what RocketMQ's conversions accept:
 * {@code Integer.valueOf} or {@code Long.valueOf} (an optional sign, then decimal digits, nothing else, in range)
 * and {@code Double.valueOf}. A string that does not convert aborts the evaluation.
 */
final class NumericText {
    private NumericText() {
    }

    /**
     * The text as an {@code int} (when {@code intRange}) or {@code long}, with {@link Long#parseLong}'s grammar but
     * without allocating, even on failure.
     */
    static long parseInteger(String text, boolean intRange) {
        long max = intRange ? Integer.MAX_VALUE : Long.MAX_VALUE;
        int length = text.length();
        if (length == 0) {
            throw EvaluationAbort.INSTANCE;
        }
        int i = 0;
        boolean negative = false;
        long limit = -max;
        char first = text.charAt(0);
        if (first < '0') {
            if (first == '-') {
                negative = true;
                limit = -max - 1;
            } else if (first != '+') {
                throw EvaluationAbort.INSTANCE;
            }
            if (length == 1) {
                throw EvaluationAbort.INSTANCE;
            }
            i = 1;
        }
        long lowest = limit / 10;
        long result = 0;
        while (i < length) {
            int digit = Character.digit(text.charAt(i++), 10);
            if (digit < 0 || result < lowest) {
                throw EvaluationAbort.INSTANCE;
            }
            result *= 10;
            if (result < limit + digit) {
                throw EvaluationAbort.INSTANCE;
            }
            result -= digit;
        }
        return negative ? result : -result;
    }

    /** The text as {@link Double#parseDouble} reads it (surrounding blanks, {@code NaN}, {@code 1e3}, {@code 2f}...). */
    static double parseDecimal(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw EvaluationAbort.INSTANCE;
        }
    }
}
