package io.capsulemq.broker.engine.filter;

import java.util.Map;

/**
 * A constant: a string, {@code Integer}, {@code Long}, {@code Double}, {@code Boolean} or null. {@code written} says
 * it was written as a literal (RocketMQ's {@code ConstantExpression}); a negated number is folded into a constant
 * that was not, since RocketMQ's checks treat {@code -5} differently from {@code 5} (for instance, only written
 * bounds of {@code BETWEEN} are checked for order).
 */
record Literal(Object value, boolean written) implements Node {
    static final Literal NULL = new Literal(null, true);
    static final Literal TRUE = new Literal(Boolean.TRUE, true);
    static final Literal FALSE = new Literal(Boolean.FALSE, true);

    @Override
    public Object evaluate(Map<String, String> properties) {
        return value;
    }

    @Override
    public boolean isCondition() {
        return written && (value == null || value instanceof Boolean);
    }

    /** This constant negated, as RocketMQ's unary minus does: numbers change sign, anything else becomes null. */
    Literal negated() {
        Object negated;
        if (value instanceof Integer i) {
            negated = -i;
        } else if (value instanceof Long l) {
            negated = -l;
        } else if (value instanceof Double d) {
            negated = -d;
        } else {
            negated = null;
        }
        return new Literal(negated, false);
    }

    /** How error messages name this constant. */
    String describe() {
        if (value instanceof String) {
            return "the string " + this;
        }
        if (value instanceof Number) {
            return "the number " + this;
        }
        return toString();
    }

    @Override
    public String toString() {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        return value.toString();
    }
}
