package io.capsulemq.broker.engine.filter;

import java.util.Map;

/**
 * A node of a compiled SQL92 filter. Nodes are immutable, so one tree serves every thread. Evaluation yields
 * {@code null} for unknown, or a {@code String}, {@code Boolean}, {@code Integer}, {@code Long} or {@code Double};
 * it allocates nothing on its own (values are the message's strings or constants made at compile time) and throws
 * {@link EvaluationAbort} when RocketMQ's evaluation would fail.
 */
interface Node {
    Object evaluate(Map<String, String> properties);

    /**
     * Whether RocketMQ treats this as a boolean expression: comparisons, logic, {@code TRUE}, {@code FALSE} and
     * {@code NULL}. Only these (and properties) may stand where a condition is expected, and none of them may be an
     * operand of {@code <}, {@code <=}, {@code >}, {@code >=} or {@code BETWEEN}.
     */
    default boolean isCondition() {
        return false;
    }
}
