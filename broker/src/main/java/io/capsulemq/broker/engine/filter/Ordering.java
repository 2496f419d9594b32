package io.capsulemq.broker.engine.filter;

import java.util.Map;

/**
 * {@code <}, {@code <=}, {@code >}, {@code >=}, with RocketMQ's rules: unknown when the left side is null (the right
 * is then not evaluated) or the right side is; two strings (two properties) are compared as decimals, failing the
 * evaluation when either is not one; anything else is compared after {@link ValueComparator}'s conversions.
 */
record Ordering(Operator operator, Node left, Node right) implements Node {

    enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean holds(int comparison) {
            return switch (this) {
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }

    @Override
    public Object evaluate(Map<String, String> properties) {
        Object l = left.evaluate(properties);
        if (l == null) {
            return null;
        }
        Object r = right.evaluate(properties);
        if (r == null) {
            return null;
        }
        int comparison = l instanceof String ls && r instanceof String rs
                ? Double.compare(NumericText.parseDecimal(ls), NumericText.parseDecimal(rs))
                : ValueComparator.compare(l, r);
        return operator.holds(comparison) ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return "(" + left + " " + operator.symbol() + " " + right + ")";
    }
}
