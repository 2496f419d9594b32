package io.capsulemq.broker.engine.client;

import io.capsulemq.broker.engine.filter.CompiledFilter;
import io.capsulemq.broker.engine.filter.FilterType;
import io.capsulemq.broker.engine.filter.Filters;

/**
 * What a consumer group takes from one topic: a tag or SQL92 expression. A malformed expression is refused here,
 * when the consumer subscribes, with a {@link io.capsulemq.broker.engine.filter.FilterSyntaxException} naming the
 * position of the error.
 */
public record Subscription(String topic, FilterType filterType, String expression) {
    public Subscription {
        Filters.compile(filterType, expression);
    }

    public static Subscription all(String topic) {
        return new Subscription(topic, FilterType.TAG, "*");
    }

    /** The filter the broker applies to this subscription's reads. */
    public CompiledFilter compile() {
        return Filters.compile(filterType, expression);
    }
}
