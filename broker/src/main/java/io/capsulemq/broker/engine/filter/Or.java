package io.capsulemq.broker.engine.filter;

import java.util.Map;

/** Three-valued OR, left to right: true as soon as either side is true (the right side is then not evaluated). */
record Or(Node left, Node right) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        Object l = left.evaluate(properties);
        if (l == Boolean.TRUE) {
            return Boolean.TRUE;
        }
        Object r = right.evaluate(properties);
        if (r == Boolean.TRUE) {
            return Boolean.TRUE;
        }
        return l == null || r == null ? null : Boolean.FALSE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return "(" + left + " OR " + right + ")";
    }
}
