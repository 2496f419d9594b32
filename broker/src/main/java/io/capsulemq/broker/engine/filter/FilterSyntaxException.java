package io.capsulemq.broker.engine.filter;

/**
 * A filter expression that cannot be compiled, naming where: the position is 1-based, so the first character is
 * position 1 and a value missing at the end of {@code "a >"} is reported at position 4.
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final FilterType type;
    private final String expression;
    private final int position;
    private final String reason;

    public FilterSyntaxException(FilterType type, String expression, int position, String reason) {
        super(type + " filter \"" + expression + "\" : " + reason + " at position " + position);
        this.type = type;
        this.expression = expression;
        this.position = position;
        this.reason = reason;
    }

    /** An SQL92 error at a 0-based offset into the source. */
    static FilterSyntaxException sql(String source, int offset, String reason) {
        return new FilterSyntaxException(FilterType.SQL92, source, offset + 1, reason);
    }

    public FilterType type() {
        return type;
    }

    public String expression() {
        return expression;
    }

    /** The 1-based character position of the error; one past the last character when the expression ended early. */
    public int position() {
        return position;
    }

    /** What was wrong, without the expression and position. */
    public String reason() {
        return reason;
    }
}
