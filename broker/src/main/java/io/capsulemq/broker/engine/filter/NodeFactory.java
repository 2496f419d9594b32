package io.capsulemq.broker.engine.filter;

import java.util.List;

/**
 * Builds the nodes the parser asks for, applying RocketMQ's compile-time checks (from its {@code SelectorParser}
 * and {@code ComparisonExpression}) and reporting a violation at the offending operand's offset:
 * <ul>
 *   <li>where a condition is expected (operands of AND, OR, NOT, the whole filter), a property is cast to one and
 *       anything else that is not a condition is rejected;</li>
 *   <li>{@code <}, {@code <=}, {@code >}, {@code >=} and {@code BETWEEN} reject conditions and constants that are
 *       not numbers (so strings cannot be ordered);</li>
 *   <li>{@code =} and {@code <>} reject {@code NULL}, and a constant {@code TRUE}/{@code FALSE} on the left of a
 *       constant number or string;</li>
 *   <li>{@code BETWEEN} with two written numbers rejects a low bound above the high one;</li>
 *   <li>{@code IN} needs a property on its left.</li>
 * </ul>
 */
final class NodeFactory {
    private final String source;

    NodeFactory(String source) {
        this.source = source;
    }

    Node condition(Node node, int at) {
        if (node.isCondition()) {
            return node;
        }
        if (node instanceof Property property) {
            return new BooleanCast(property);
        }
        throw error(at, "expected a condition, found " + describe(node));
    }

    Node or(Node left, int leftAt, Node right, int rightAt) {
        return new Or(condition(left, leftAt), condition(right, rightAt));
    }

    Node and(Node left, int leftAt, Node right, int rightAt) {
        return new And(condition(left, leftAt), condition(right, rightAt));
    }

    Node not(Node operand, int at) {
        return new Not(condition(operand, at));
    }

    Node negate(Node operand) {
        return operand instanceof Literal literal ? literal.negated() : new Negation(operand);
    }

    Node equal(Node left, int leftAt, Node right, int rightAt, boolean negated) {
        String symbol = negated ? "<>" : "=";
        rejectNull(left, leftAt, symbol);
        rejectNull(right, rightAt, symbol);
        if (isWritten(left) && isWritten(right) && left.isCondition() && !right.isCondition()) {
            throw error(rightAt, left + " cannot be compared with " + describe(right));
        }
        Node equality = new Equality(left, right);
        return negated ? new Not(equality) : equality;
    }

    Node isNull(Node operand, boolean negated) {
        Node isNull = new IsNull(operand);
        return negated ? new Not(isNull) : isNull;
    }

    Node ordering(Ordering.Operator operator, Node left, int leftAt, Node right, int rightAt) {
        String what = "'" + operator.symbol() + "'";
        requireNumeric(left, leftAt, what);
        requireNumeric(right, rightAt, what);
        return new Ordering(operator, left, right);
    }

    Node between(Node value, int valueAt, Node low, int lowAt, Node high, int highAt, boolean negated) {
        requireNumeric(value, valueAt, "BETWEEN");
        requireNumeric(low, lowAt, "BETWEEN");
        requireNumeric(high, highAt, "BETWEEN");
        if (negated) {
            return new Or(new Ordering(Ordering.Operator.LT, value, low), new Ordering(Ordering.Operator.GT, value, high));
        }
        if (isWritten(low) && isWritten(high)
                && ValueComparator.compare(((Literal) high).value(), ((Literal) low).value()) < 0) {
            throw error(lowAt, "BETWEEN bounds are reversed: " + low + " is greater than " + high);
        }
        return new And(new Ordering(Ordering.Operator.GE, value, low), new Ordering(Ordering.Operator.LE, value, high));
    }

    Node in(Node subject, int at, List<String> values, boolean negated) {
        if (!(subject instanceof Property property)) {
            throw error(at, (negated ? "NOT IN" : "IN") + " needs a property on its left, found " + describe(subject));
        }
        return new InList(property, values, negated);
    }

    private void rejectNull(Node operand, int at, String symbol) {
        if (isWritten(operand) && ((Literal) operand).value() == null) {
            throw error(at, "NULL cannot be compared with '" + symbol + "', use IS NULL");
        }
    }

    private void requireNumeric(Node operand, int at, String what) {
        boolean nonNumberConstant = isWritten(operand) && !(((Literal) operand).value() instanceof Number);
        if (nonNumberConstant || operand.isCondition()) {
            throw error(at, what + " compares numbers, found " + describe(operand));
        }
    }

    private static boolean isWritten(Node node) {
        return node instanceof Literal literal && literal.written();
    }

    private static String describe(Node node) {
        if (isWritten(node)) {
            return ((Literal) node).describe();
        }
        if (node.isCondition()) {
            return "a condition";
        }
        if (node instanceof Property property) {
            return "the property " + property.name();
        }
        return "a negated value";
    }

    private FilterSyntaxException error(int offset, String reason) {
        return FilterSyntaxException.sql(source, offset, reason);
    }
}
