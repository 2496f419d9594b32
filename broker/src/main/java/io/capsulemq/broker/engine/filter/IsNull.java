package io.capsulemq.broker.engine.filter;

import java.util.Map;

/** {@code IS NULL}: true when the operand is null (a property the message lacks), false otherwise; never unknown. */
record IsNull(Node operand) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        return operand.evaluate(properties) == null ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return "(" + operand + " IS NULL)";
    }
}
