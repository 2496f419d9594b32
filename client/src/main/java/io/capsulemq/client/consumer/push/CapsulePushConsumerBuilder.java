package io.capsulemq.client.consumer.push;

import io.capsulemq.client.consumer.Subscriptions;
import io.capsulemq.client.support.Require;
import io.capsulemq.client.support.ResourceNames;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.PushConsumerBuilder;

import java.util.Map;

/** Builds push consumers, checking each setting as the RocketMQ 5 client does; its defaults are the client's. */
public final class CapsulePushConsumerBuilder implements PushConsumerBuilder {
    private ClientConfiguration configuration;
    private String group;
    private Map<String, FilterExpression> subscriptions = Map.of();
    private MessageListener listener;
    private int maxCacheMessageCount = 1024;
    private int maxCacheMessageSizeInBytes = 64 * 1024 * 1024;
    private int consumptionThreadCount = 20;

    @Override
    public PushConsumerBuilder setClientConfiguration(ClientConfiguration clientConfiguration) {
        this.configuration = Require.notNull(clientConfiguration, "clientConfiguration should not be null");
        return this;
    }

    @Override
    public PushConsumerBuilder setConsumerGroup(String consumerGroup) {
        this.group = ResourceNames.checkConsumerGroup(consumerGroup);
        return this;
    }

    @Override
    public PushConsumerBuilder setSubscriptionExpressions(Map<String, FilterExpression> subscriptionExpressions) {
        this.subscriptions = Subscriptions.check(subscriptionExpressions);
        return this;
    }

    @Override
    public PushConsumerBuilder setMessageListener(MessageListener listener) {
        this.listener = Require.notNull(listener, "messageListener should not be null");
        return this;
    }

    @Override
    public PushConsumerBuilder setMaxCacheMessageCount(int count) {
        Require.argument(count > 0, "maxCacheMessageCount should be positive, was " + count);
        this.maxCacheMessageCount = count;
        return this;
    }

    @Override
    public PushConsumerBuilder setMaxCacheMessageSizeInBytes(int bytes) {
        Require.argument(bytes > 0, "maxCacheMessageSizeInBytes should be positive, was " + bytes);
        this.maxCacheMessageSizeInBytes = bytes;
        return this;
    }

    @Override
    public PushConsumerBuilder setConsumptionThreadCount(int count) {
        Require.argument(count > 0, "consumptionThreadCount should be positive, was " + count);
        this.consumptionThreadCount = count;
        return this;
    }

    @Override
    public PushConsumer build() throws ClientException {
        Require.notNull(configuration, "clientConfiguration has not been set yet");
        Require.notNull(group, "consumerGroup has not been set yet");
        Require.notNull(listener, "messageListener has not been set yet");
        Require.argument(!subscriptions.isEmpty(), "subscriptionExpressions have not been set yet");
        return CapsulePushConsumer.start(configuration, new PushOptions(group, listener, maxCacheMessageCount,
                maxCacheMessageSizeInBytes, consumptionThreadCount), subscriptions);
    }
}
