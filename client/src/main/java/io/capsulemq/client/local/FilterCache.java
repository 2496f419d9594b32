package io.capsulemq.client.local;

import io.capsulemq.broker.engine.filter.FilterType;
import io.capsulemq.broker.engine.filter.Filters;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscriptions' filters compiled once by the broker's filter compiler and reused by every pull: a consumer pulls
 * with the same few expressions all its life. A malformed expression is refused by the compiler naming the fault.
 */
final class FilterCache {
    private static final int MAX_ENTRIES = 4096;

    private record Key(FilterType type, String expression) {
    }

    private final Map<Key, MessageFilter> compiled = new ConcurrentHashMap<>();

    MessageFilter compile(SubscriptionSpec spec) {
        Key key = new Key(type(spec), spec.expression());
        MessageFilter filter = compiled.get(key);
        if (filter == null) {
            filter = Filters.compile(key.type(), key.expression());
            if (compiled.size() >= MAX_ENTRIES) {
                compiled.clear();
            }
            compiled.put(key, filter);
        }
        return filter;
    }

    static FilterType type(SubscriptionSpec spec) {
        return spec.kind() == SubscriptionSpec.FilterKind.SQL92 ? FilterType.SQL92 : FilterType.TAG;
    }
}
