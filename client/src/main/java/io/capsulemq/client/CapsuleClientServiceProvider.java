package io.capsulemq.client;

import io.capsulemq.client.consumer.push.CapsulePushConsumerBuilder;
import io.capsulemq.client.consumer.simple.CapsuleSimpleConsumerBuilder;
import io.capsulemq.client.message.CapsuleMessageBuilder;
import io.capsulemq.client.producer.CapsuleProducerBuilder;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.PushConsumerBuilder;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumerBuilder;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;

/**
 * Capsule MQ's implementation of RocketMQ 5's client API, found by {@code ClientServiceProvider.loadService()}.
 * The endpoint of a client's configuration names the broker: see
 * {@link io.capsulemq.client.endpoint.CapsuleEndpoints}.
 */
public final class CapsuleClientServiceProvider implements ClientServiceProvider {
    @Override
    public ProducerBuilder newProducerBuilder() {
        return new CapsuleProducerBuilder();
    }

    @Override
    public MessageBuilder newMessageBuilder() {
        return new CapsuleMessageBuilder();
    }

    @Override
    public PushConsumerBuilder newPushConsumerBuilder() {
        return new CapsulePushConsumerBuilder();
    }

    @Override
    public SimpleConsumerBuilder newSimpleConsumerBuilder() {
        return new CapsuleSimpleConsumerBuilder();
    }
}
