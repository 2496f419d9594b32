package io.capsulemq.client.remote;

import io.capsulemq.broker.engine.filter.CompiledFilter;
import io.capsulemq.broker.engine.filter.FilterType;
import io.capsulemq.broker.engine.filter.Filters;
import io.capsulemq.broker.engine.filter.TagFilter;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscriptions' filters compiled on this side too, by the same compiler the Capsule broker uses: a RocketMQ broker
 * takes a malformed expression in a heartbeat without a word, so the gateway refuses it first, naming the fault;
 * and a broker filters tags by their hash codes only, so the exact tag check is the client's, as in RocketMQ.
 */
final class SubscriptionFilters {
    private static final int MAX_ENTRIES = 4096;
    private final Map<SubscriptionSpec, CompiledFilter> compiled = new ConcurrentHashMap<>();

    /** The spec's filter; a malformed expression is refused as ILLEGAL_REQUEST naming the position. */
    CompiledFilter compile(SubscriptionSpec spec) {
        CompiledFilter filter = compiled.get(spec);
        if (filter != null) {
            return filter;
        }
        try {
            filter = Filters.compile(spec.kind() == SubscriptionSpec.FilterKind.SQL92 ? FilterType.SQL92
                    : FilterType.TAG, spec.expression());
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Kind.ILLEGAL_REQUEST, e.getMessage(), e);
        }
        if (compiled.size() >= MAX_ENTRIES) {
            compiled.clear();
        }
        compiled.put(spec, filter);
        return filter;
    }

    /** Whether a message with this tag (null: untagged) is one the spec asks for, as far as tags go. */
    boolean tagMatches(SubscriptionSpec spec, String tag) {
        if (!(compile(spec) instanceof TagFilter filter) || filter.matchesAll()) {
            return true;
        }
        return tag != null && filter.tags().contains(tag);
    }
}
