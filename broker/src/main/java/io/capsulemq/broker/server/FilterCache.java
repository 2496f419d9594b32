package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.filter.CompiledFilter;
import io.capsulemq.broker.engine.filter.FilterType;
import io.capsulemq.broker.engine.filter.Filters;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled subscription expressions, so that a consumer pulling every few milliseconds with the same SQL92
 * expression does not compile it each time. Bounded: past {@value #MAX_ENTRIES} expressions it starts afresh.
 */
final class FilterCache {
    private static final int MAX_ENTRIES = 4096;

    private record Key(FilterType type, String expression) {
    }

    private final Map<Key, CompiledFilter> compiled = new ConcurrentHashMap<>();

    /**
     * The filter of an expression as a request states it: a null or empty type is TAG, a null or empty expression
     * takes every message. A malformed one is refused with SUBSCRIPTION_PARSE_FAILED naming the error.
     */
    CompiledFilter compile(String expressionType, String expression) {
        FilterType type;
        try {
            type = FilterType.forName(expressionType);
        } catch (IllegalArgumentException e) {
            throw Responses.refuse(ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getMessage());
        }
        String text = expression == null || expression.isEmpty() ? "*" : expression;
        Key key = new Key(type, text);
        CompiledFilter filter = compiled.get(key);
        if (filter != null) {
            return filter;
        }
        try {
            filter = Filters.compile(type, text);
        } catch (IllegalArgumentException e) {
            throw Responses.refuse(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "cannot parse the " + type
                    + " expression '" + text + "': " + e.getMessage());
        }
        if (compiled.size() >= MAX_ENTRIES) {
            compiled.clear();
        }
        compiled.put(key, filter);
        return filter;
    }
}
