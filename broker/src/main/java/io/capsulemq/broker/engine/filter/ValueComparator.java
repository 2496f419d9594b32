package io.capsulemq.broker.engine.filter;

/**
 * Compares two non-null values as RocketMQ's {@code ComparisonExpression.__compare} does with string conversion on
 * (which its parser always turns on). Values of one class compare naturally. Otherwise the right value is brought to
 * the left one's type or both are widened: {@code Integer}, {@code Long} and {@code Double} widen to the wider one;
 * a string against a number is parsed as that number's type ({@code Integer}, {@code Long} or {@code Double}, so
 * {@code '5'} equals {@code 5} but {@code '5.0'} does not convert to an {@code Integer} and aborts the evaluation);
 * a string on the left against a boolean is {@code Boolean.parseBoolean}; a boolean on the left against a string
 * aborts (RocketMQ fails there with a {@code ClassCastException}); any other mix compares as "less" (-1).
 */
final class ValueComparator {
    private ValueComparator() {
    }

    static int compare(Object left, Object right) {
        if (left.getClass() == right.getClass()) {
            return sameClass(left, right);
        }
        if (left instanceof Integer || left instanceof Long) {
            long l = ((Number) left).longValue();
            if (right instanceof Integer || right instanceof Long) {
                return Long.compare(l, ((Number) right).longValue());
            }
            if (right instanceof Double d) {
                return Double.compare(l, d);
            }
            if (right instanceof String s) {
                return Long.compare(l, NumericText.parseInteger(s, left instanceof Integer));
            }
            return -1;
        }
        if (left instanceof Double d) {
            if (right instanceof Number n) {
                return Double.compare(d, n.doubleValue());
            }
            if (right instanceof String s) {
                return Double.compare(d, NumericText.parseDecimal(s));
            }
            return -1;
        }
        if (left instanceof String s) {
            return stringAgainst(s, right);
        }
        if (left instanceof Boolean && right instanceof String) {
            throw EvaluationAbort.INSTANCE;
        }
        return -1;
    }

    private static int stringAgainst(String left, Object right) {
        if (right instanceof Boolean b) {
            return Boolean.compare(Boolean.parseBoolean(left), b);
        }
        if (right instanceof Integer || right instanceof Long) {
            return Long.compare(NumericText.parseInteger(left, right instanceof Integer), ((Number) right).longValue());
        }
        if (right instanceof Double d) {
            return Double.compare(NumericText.parseDecimal(left), d);
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int sameClass(Object left, Object right) {
        return ((Comparable) left).compareTo(right);
    }
}
