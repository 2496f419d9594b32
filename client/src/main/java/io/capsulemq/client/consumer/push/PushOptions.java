package io.capsulemq.client.consumer.push;

import org.apache.rocketmq.client.apis.consumer.MessageListener;

/** A push consumer's settings as its builder took them. */
record PushOptions(String group, MessageListener listener, int maxCacheMessageCount, int maxCacheMessageSizeInBytes,
                   int consumptionThreadCount) {
}
