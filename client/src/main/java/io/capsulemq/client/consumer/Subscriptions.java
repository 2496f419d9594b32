package io.capsulemq.client.consumer;

import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.support.Require;
import io.capsulemq.client.support.ResourceNames;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A consumer's subscriptions, topic to filter expression, as the API sets them and as the gateway speaks them. */
public final class Subscriptions {
    private final Map<String, FilterExpression> expressions = new ConcurrentHashMap<>();

    public Subscriptions(Map<String, FilterExpression> initial) {
        initial.forEach(this::put);
    }

    /** Checks a builder's subscription map: not null, not empty, each topic and expression valid. */
    public static Map<String, FilterExpression> check(Map<String, FilterExpression> subscriptions) {
        Require.notNull(subscriptions, "subscriptionExpressions should not be null");
        Require.argument(!subscriptions.isEmpty(), "subscriptionExpressions should not be empty");
        Map<String, FilterExpression> copy = new LinkedHashMap<>();
        subscriptions.forEach((topic, expression) -> copy.put(ResourceNames.checkTopic(topic),
                Require.notNull(expression, "filterExpression of topic " + topic + " should not be null")));
        return copy;
    }

    /** Sets a topic's filter; answers the one it replaces, or null. */
    public FilterExpression put(String topic, FilterExpression expression) {
        return expressions.put(ResourceNames.checkTopic(topic),
                Require.notNull(expression, "filterExpression should not be null"));
    }

    /** Undoes a {@link #put} the broker refused: the topic's filter is {@code previous} again (none if null). */
    public void restore(String topic, FilterExpression previous) {
        if (previous == null) {
            expressions.remove(topic);
        } else {
            expressions.put(topic, previous);
        }
    }

    public void remove(String topic) {
        expressions.remove(topic);
    }

    public Map<String, FilterExpression> expressions() {
        return Map.copyOf(expressions);
    }

    /** The subscriptions as the gateway speaks them, by topic. */
    public Map<String, SubscriptionSpec> specs() {
        Map<String, SubscriptionSpec> specs = new LinkedHashMap<>();
        expressions.forEach((topic, e) -> specs.put(topic, spec(topic, e)));
        return specs;
    }

    public static SubscriptionSpec spec(String topic, FilterExpression expression) {
        SubscriptionSpec.FilterKind kind = expression.getFilterExpressionType() == FilterExpressionType.SQL92
                ? SubscriptionSpec.FilterKind.SQL92 : SubscriptionSpec.FilterKind.TAG;
        return new SubscriptionSpec(topic, kind, expression.getExpression());
    }
}
