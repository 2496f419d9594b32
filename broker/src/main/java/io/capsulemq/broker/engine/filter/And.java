package io.capsulemq.broker.engine.filter;

import java.util.Map;

/** Three-valued AND, left to right: false as soon as either side is false (the right side is then not evaluated). */
record And(Node left, Node right) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        Object l = left.evaluate(properties);
        if (l == Boolean.FALSE) {
            return Boolean.FALSE;
        }
        Object r = right.evaluate(properties);
        if (r == Boolean.FALSE) {
            return Boolean.FALSE;
        }
        return l == null || r == null ? null : Boolean.TRUE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return "(" + left + " AND " + right + ")";
    }
}
