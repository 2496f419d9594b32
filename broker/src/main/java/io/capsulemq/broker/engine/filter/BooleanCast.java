package io.capsulemq.broker.engine.filter;

import java.util.Map;

/**
 * A property standing where a condition is expected ({@code a AND b = 1}). RocketMQ casts it: unknown when absent,
 * otherwise true only for a {@code Boolean} value, which a property (always a string) never is; so false.
 */
record BooleanCast(Property property) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        return property.evaluate(properties) == null ? null : Boolean.FALSE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        return property.toString();
    }
}
