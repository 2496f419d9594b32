package io.capsulemq.broker.engine.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for RocketMQ's SQL92 filter grammar ({@code SelectorParser.jj}), loosest first:
 * <pre>
 * filter     := or END
 * or         := and (OR and)*
 * and        := equality (AND equality)*
 * equality   := comparison ('=' comparison | '&lt;&gt;' comparison | IS [NOT] NULL)*
 * comparison := unary ('&gt;' unary | '&gt;=' unary | '&lt;' unary | '&lt;=' unary
 *                      | [NOT] BETWEEN unary AND unary | [NOT] IN '(' string (',' string)* ')')*
 * unary      := '+' unary | '-' unary | NOT unary | primary
 * primary    := string | integer | decimal | TRUE | FALSE | NULL | identifier | '(' or ')'
 * </pre>
 * As in RocketMQ, NOT is a prefix operator binding tighter than every comparison: {@code NOT a = 'x'} reads as
 * {@code (NOT a) = 'x'}. Unlike RocketMQ, which stops after the first complete expression and ignores the rest,
 * anything left over is an error.
 */
final class SqlParser {
    private final String source;
    private final SqlLexer lexer;
    private final NodeFactory nodes;
    private Token current;
    /** The token after {@link #current}, once looked at. */
    private Token following;

    private SqlParser(String source) {
        this.source = source;
        this.lexer = new SqlLexer(source);
        this.nodes = new NodeFactory(source);
        this.current = lexer.next();
    }

    /** The filter's evaluation tree; the source must not be null. */
    static Node parse(String source) {
        return new SqlParser(source).filter();
    }

    private Node filter() {
        if (current.kind() == TokenKind.END) {
            throw error(current.start(), "expected a condition");
        }
        int at = current.start();
        Node node = nodes.condition(or(), at);
        if (current.kind() != TokenKind.END) {
            throw unexpectedAfterOperand("end of expression");
        }
        return node;
    }

    private Node or() {
        int at = current.start();
        Node left = and();
        while (accept(TokenKind.OR)) {
            int rightAt = current.start();
            left = nodes.or(left, at, and(), rightAt);
        }
        return left;
    }

    private Node and() {
        int at = current.start();
        Node left = equality();
        while (accept(TokenKind.AND)) {
            int rightAt = current.start();
            left = nodes.and(left, at, equality(), rightAt);
        }
        return left;
    }

    private Node equality() {
        int at = current.start();
        Node left = comparison();
        while (true) {
            if (current.kind() == TokenKind.EQ || current.kind() == TokenKind.NE) {
                boolean negated = advance().kind() == TokenKind.NE;
                int rightAt = current.start();
                left = nodes.equal(left, at, comparison(), rightAt, negated);
            } else if (accept(TokenKind.IS)) {
                boolean negated = accept(TokenKind.NOT);
                expect(TokenKind.NULL, "NULL");
                left = nodes.isNull(left, negated);
            } else {
                return left;
            }
        }
    }

    private Node comparison() {
        int at = current.start();
        Node left = unary();
        while (true) {
            Ordering.Operator operator = orderingOperator(current.kind());
            if (operator != null) {
                advance();
                int rightAt = current.start();
                left = nodes.ordering(operator, left, at, unary(), rightAt);
                continue;
            }
            boolean negated = current.kind() == TokenKind.NOT;
            if (negated) {
                TokenKind next = following().kind();
                if (next != TokenKind.BETWEEN && next != TokenKind.IN) {
                    throw error(following().start(), expected("BETWEEN or IN", following()));
                }
                advance();
            }
            if (accept(TokenKind.BETWEEN)) {
                left = between(left, at, negated);
            } else if (accept(TokenKind.IN)) {
                left = nodes.in(left, at, stringList(), negated);
            } else {
                return left;
            }
        }
    }

    private Node between(Node value, int at, boolean negated) {
        int lowAt = current.start();
        Node low = unary();
        expect(TokenKind.AND, "AND");
        int highAt = current.start();
        Node high = unary();
        return nodes.between(value, at, low, lowAt, high, highAt, negated);
    }

    private List<String> stringList() {
        expect(TokenKind.LPAREN, "'('");
        List<String> values = new ArrayList<>();
        do {
            values.add((String) expect(TokenKind.STRING, "a string").value());
        } while (accept(TokenKind.COMMA));
        expect(TokenKind.RPAREN, "',' or ')'");
        return values;
    }

    private Node unary() {
        if (accept(TokenKind.PLUS)) {
            return unary();
        }
        if (accept(TokenKind.MINUS)) {
            return nodes.negate(unary());
        }
        if (accept(TokenKind.NOT)) {
            int at = current.start();
            return nodes.not(unary(), at);
        }
        return primary();
    }

    private Node primary() {
        Token token = current;
        switch (token.kind()) {
            case STRING, INTEGER, DECIMAL -> {
                advance();
                return new Literal(token.value(), true);
            }
            case TRUE -> {
                advance();
                return Literal.TRUE;
            }
            case FALSE -> {
                advance();
                return Literal.FALSE;
            }
            case NULL -> {
                advance();
                return Literal.NULL;
            }
            case IDENTIFIER -> {
                advance();
                return new Property((String) token.value());
            }
            case LPAREN -> {
                advance();
                Node inner = or();
                if (current.kind() != TokenKind.RPAREN) {
                    throw unexpectedAfterOperand("')'");
                }
                advance();
                return inner;
            }
            default -> throw error(token.start(), expected("a value", token));
        }
    }

    private static Ordering.Operator orderingOperator(TokenKind kind) {
        return switch (kind) {
            case LT -> Ordering.Operator.LT;
            case LE -> Ordering.Operator.LE;
            case GT -> Ordering.Operator.GT;
            case GE -> Ordering.Operator.GE;
            default -> null;
        };
    }

    private Token advance() {
        Token consumed = current;
        current = following != null ? following : lexer.next();
        following = null;
        return consumed;
    }

    private Token following() {
        if (following == null) {
            following = lexer.next();
        }
        return following;
    }

    private boolean accept(TokenKind kind) {
        if (current.kind() != kind) {
            return false;
        }
        advance();
        return true;
    }

    private Token expect(TokenKind kind, String what) {
        if (current.kind() != kind) {
            throw error(current.start(), expected(what, current));
        }
        return advance();
    }

    /** After a complete operand: a word there is most likely an operator we do not know (LIKE, CONTAINS...). */
    private FilterSyntaxException unexpectedAfterOperand(String what) {
        if (current.kind() == TokenKind.IDENTIFIER) {
            return error(current.start(), "unknown operator " + current.describe(source));
        }
        return error(current.start(), expected(what, current));
    }

    private String expected(String what, Token found) {
        return found.kind() == TokenKind.END ? "expected " + what : "expected " + what + ", found " + found.describe(source);
    }

    private FilterSyntaxException error(int offset, String reason) {
        return FilterSyntaxException.sql(source, offset, reason);
    }
}
