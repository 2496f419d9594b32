package io.capsulemq.rar.inbound;

import io.capsulemq.broker.engine.group.ConsumeFrom;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;

/** An activation spec's checked settings. */
record ActivationSettings(String topic, String consumerGroup, FilterExpression filter, ConsumeMode mode,
                          int maxReconsumeTimes, int maxConcurrency, int maxCacheMessageCount,
                          ConsumeFrom consumeFrom) {
}
