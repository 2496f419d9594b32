package io.capsulemq.broker.engine.filter;

import io.capsulemq.broker.store.StoredMessage;

import java.util.Map;

/**
 * An SQL92 subscription: a condition over the message's properties, compiled once into an immutable tree.
 *
 * <p>The semantics are RocketMQ's, taken from its {@code filter} module ({@code SelectorParser.jj},
 * {@code ComparisonExpression}, {@code LogicExpression}, {@code UnaryExpression}, {@code ConstantExpression}) and
 * the broker's {@code ExpressionMessageFilter} and {@code MessageEvaluationContext}:
 * <ul>
 *   <li><b>Names.</b> Identifiers ({@code [A-Za-z_$][A-Za-z0-9_$]*}, case-sensitive, no dots) name properties; every
 *       property of the stored message is visible, system ones included, so {@code TAGS}, {@code KEYS} and
 *       {@code UNIQ_KEY} can be tested. Keywords (AND OR NOT BETWEEN IN IS NULL TRUE FALSE) are case-insensitive.
 *       Property values are always strings; a missing one is null.</li>
 *   <li><b>Literals.</b> {@code 'it''s'} strings; integers ({@code Integer} when they fit, else {@code Long}, an
 *       {@code L} suffix allowed; beyond {@code long} is an error); decimals ({@code Double}, {@code 1.5},
 *       {@code .5}, {@code 1e3}); TRUE, FALSE, NULL. Minus is an operator, {@code -x} is null unless x is a
 *       number. {@code /* *}{@code /} comments and {@code --} comments ended by a line break are ignored.</li>
 *   <li><b>Three values.</b> A condition is true, false or unknown (null); a message matches only when the whole
 *       filter is true. AND and OR are three-valued and short-circuit left to right; NOT keeps unknown.</li>
 *   <li><b>Comparisons</b> (see {@link Equality}, {@link Ordering}, {@link ValueComparator}): a missing property
 *       makes {@code =}, {@code <>}, {@code <}, {@code BETWEEN}, {@code IN} and {@code NOT IN} unknown, so
 *       {@code a <> 'x'} does not match a message without {@code a}; {@code IS [NOT] NULL} is never unknown.
 *       A property compared with a number is parsed as that number's type: {@code a = 10} matches {@code '10'},
 *       {@code a > 5} with {@code '5.5'} fails (not an {@code Integer}), {@code a > 5.0} with {@code '5.5'} matches.
 *       Two properties ordered with {@code <} are both parsed as decimals. Strings compare by {@code =} and
 *       {@code <>} only (exactly, case-sensitive); ordering a string literal is a compile error.</li>
 *   <li><b>Failures.</b> Where RocketMQ's evaluation throws (a property that does not parse as the number it is
 *       compared with), the message does not match, whatever the rest of the filter says:
 *       {@code a = 1 OR b = 'y'} does not match {@code a='x', b='y'}; with the operands swapped it does.</li>
 *   <li><b>Precedence.</b> OR, then AND, then {@code =}, {@code <>}, {@code IS}, then {@code <}...{@code BETWEEN},
 *       {@code IN}, then the prefix operators {@code +}, {@code -} and NOT. NOT thus binds tighter than a comparison:
 *       {@code NOT a = 'x'} is {@code (NOT a) = 'x'}, which RocketMQ accepts and never matches; write
 *       {@code NOT (a = 'x')}. A property alone as a condition is unknown when absent and false when present.</li>
 *   <li><b>Compile-time checks</b> as listed in {@link NodeFactory}.</li>
 * </ul>
 * Where we differ from RocketMQ: we reject anything after a complete expression (RocketMQ ignores it, so there
 * {@code a = 1 b = 2} tests only {@code a}); we accept a decimal literal of zero such as {@code 0.0} (RocketMQ
 * rejects any decimal below {@code Double.MIN_VALUE}); RocketMQ 5's CONTAINS, STARTSWITH and ENDSWITH are not
 * supported.
 *
 * <p>{@link #matchesTagsCode} is always true: the exact stage decides. Evaluation allocates nothing beyond what
 * parsing a decimal takes.
 */
public final class SqlFilter implements CompiledFilter {
    private final String expression;
    private final Node root;

    private SqlFilter(String expression, Node root) {
        this.expression = expression;
        this.root = root;
    }

    static SqlFilter compile(String expression) {
        String source = expression == null ? "" : expression;
        return new SqlFilter(source, SqlParser.parse(source));
    }

    @Override
    public boolean matchesTagsCode(long tagsCode) {
        return true;
    }

    @Override
    public boolean matches(StoredMessage message) {
        Map<String, String> properties = message.properties();
        return matches(properties == null ? Map.of() : properties);
    }

    /** Whether a message with these properties matches. */
    public boolean matches(Map<String, String> properties) {
        try {
            return root.evaluate(properties) == Boolean.TRUE;
        } catch (EvaluationAbort e) {
            return false;
        }
    }

    @Override
    public FilterType type() {
        return FilterType.SQL92;
    }

    @Override
    public String expression() {
        return expression;
    }

    /** The filter as it was understood, fully parenthesized: {@code a = 1 OR b > 2 AND NOT c} gives
     * {@code ((a = 1) OR ((b > 2) AND (NOT c)))}. */
    public String canonical() {
        return root.toString();
    }

    @Override
    public String toString() {
        return "SQL92 filter \"" + expression + "\"";
    }
}
