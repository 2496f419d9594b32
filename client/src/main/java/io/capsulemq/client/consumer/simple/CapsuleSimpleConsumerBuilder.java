package io.capsulemq.client.consumer.simple;

import io.capsulemq.client.consumer.Subscriptions;
import io.capsulemq.client.support.Require;
import io.capsulemq.client.support.ResourceNames;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumerBuilder;

import java.time.Duration;
import java.util.Map;

/** Builds simple consumers, checking each setting as the RocketMQ 5 client does. */
public final class CapsuleSimpleConsumerBuilder implements SimpleConsumerBuilder {
    private ClientConfiguration configuration;
    private String group;
    private Map<String, FilterExpression> subscriptions = Map.of();
    private Duration awaitDuration;

    @Override
    public SimpleConsumerBuilder setClientConfiguration(ClientConfiguration clientConfiguration) {
        this.configuration = Require.notNull(clientConfiguration, "clientConfiguration should not be null");
        return this;
    }

    @Override
    public SimpleConsumerBuilder setConsumerGroup(String consumerGroup) {
        this.group = ResourceNames.checkConsumerGroup(consumerGroup);
        return this;
    }

    @Override
    public SimpleConsumerBuilder setSubscriptionExpressions(Map<String, FilterExpression> subscriptionExpressions) {
        this.subscriptions = Subscriptions.check(subscriptionExpressions);
        return this;
    }

    @Override
    public SimpleConsumerBuilder setAwaitDuration(Duration awaitDuration) {
        Require.notNull(awaitDuration, "awaitDuration should not be null");
        Require.argument(!awaitDuration.isNegative(), "awaitDuration should not be negative, was " + awaitDuration);
        this.awaitDuration = awaitDuration;
        return this;
    }

    @Override
    public SimpleConsumer build() throws ClientException {
        Require.notNull(configuration, "clientConfiguration has not been set yet");
        Require.notNull(group, "consumerGroup has not been set yet");
        Require.argument(!subscriptions.isEmpty(), "subscriptionExpressions have not been set yet");
        Require.notNull(awaitDuration, "awaitDuration has not been set yet");
        return CapsuleSimpleConsumer.start(configuration, group, subscriptions, awaitDuration);
    }
}
