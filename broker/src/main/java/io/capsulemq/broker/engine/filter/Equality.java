package io.capsulemq.broker.engine.filter;

import java.util.Map;

/**
 * {@code =}, with RocketMQ's rules: both sides are evaluated; unknown when only the left is null, false when only the
 * right is, true when both are; equal values are equal; otherwise the values are compared after
 * {@link ValueComparator}'s conversions, so the property {@code '10'} equals the number {@code 10}.
 */
record Equality(Node left, Node right) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        Object l = left.evaluate(properties);
        Object r = right.evaluate(properties);
        if (l == null || r == null) {
            if (l != null) {
                return Boolean.FALSE;
            }
            return r == null ? Boolean.TRUE : null;
        }
        if (l.equals(r)) {
            return Boolean.TRUE;
        }
        return ValueComparator.compare(l, r) == 0 ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return "(" + left + " = " + right + ")";
    }
}
