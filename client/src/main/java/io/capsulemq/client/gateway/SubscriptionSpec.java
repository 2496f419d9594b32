package io.capsulemq.client.gateway;

import java.util.Objects;

/** What a consumer takes from one topic: messages matching a tag expression or an SQL92 condition. */
public record SubscriptionSpec(String topic, FilterKind kind, String expression) {
    /** The language of the filter expression. */
    public enum FilterKind {
        TAG, SQL92
    }

    public SubscriptionSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expression, "expression");
    }

    public static SubscriptionSpec all(String topic) {
        return new SubscriptionSpec(topic, FilterKind.TAG, "*");
    }
}
