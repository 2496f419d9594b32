package io.capsulemq.broker.engine.filter;

import java.util.Map;

/**
 * Unary minus over something that is not a constant. Only constants are numbers, so RocketMQ's minus yields null
 * here; the operand is still evaluated, because its failure fails the whole evaluation in RocketMQ too.
 */
record Negation(Node operand) implements Node {
    @Override
    public Object evaluate(Map<String, String> properties) {
        operand.evaluate(properties);
        return null;
    }

    @Override
    public String toString() {
        return "(-" + operand + ")";
    }
}
