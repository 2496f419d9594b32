package io.capsulemq.broker.engine.filter;

import java.util.Objects;

/** Compiles subscription expressions into message filters; the one entry point of this package. */
public final class Filters {
    private Filters() {
    }

    /**
     * Compiles {@code expression} of the given type. See {@link TagFilter} and {@link SqlFilter} for the semantics.
     *
     * @throws FilterSyntaxException when the expression is malformed, naming the position
     */
    public static CompiledFilter compile(FilterType type, String expression) {
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case TAG -> TagFilter.parse(expression);
            case SQL92 -> SqlFilter.compile(expression);
        };
    }
}
