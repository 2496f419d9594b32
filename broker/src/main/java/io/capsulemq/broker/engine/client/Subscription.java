package io.capsulemq.broker.engine.client;

import io.capsulemq.broker.engine.filter.FilterType;

/** What a consumer group takes from one topic: a tag or SQL92 expression. */
public record Subscription(String topic, FilterType filterType, String expression) {
    public static Subscription all(String topic) {
        return new Subscription(topic, FilterType.TAG, "*");
    }
}
