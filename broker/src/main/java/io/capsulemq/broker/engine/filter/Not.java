package io.capsulemq.broker.engine.filter;

import java.util.Map;

/** Logical negation; unknown stays unknown. */
record Not(Node operand) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        Object value = operand.evaluate(properties);
        if (value == null) {
            return null;
        }
        return (Boolean) value ? Boolean.FALSE : Boolean.TRUE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return "(NOT " + operand + ")";
    }
}
