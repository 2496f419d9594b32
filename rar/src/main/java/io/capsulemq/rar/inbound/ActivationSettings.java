package io.capsulemq.rar.inbound;

import io.capsulemq.broker.engine.group.ConsumeFrom;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;

/** An activation spec's checked settings; {@code topic} is null when the spec sets none (a CapsuleListener bean). */
record ActivationSettings(String topic, String consumerGroup, FilterExpression filter, ConsumeMode mode,
                          int maxReconsumeTimes, int maxConcurrency, int maxCacheMessageCount,
                          ConsumeFrom consumeFrom) {
}
