package io.capsulemq.broker.server.body;

import java.util.List;

/**
 * One consumer group of a client, as its heartbeat states it (RocketMQ's {@code ConsumerData}); names of enum
 * values (consumeType, messageModel, consumeFromWhere) are RocketMQ's.
 */
public record ConsumerData(String groupName, String consumeType, String messageModel, String consumeFromWhere,
                           List<SubscriptionData> subscriptionDataSet, boolean unitMode) {
    public ConsumerData {
        subscriptionDataSet = subscriptionDataSet == null ? List.of() : subscriptionDataSet;
    }
}
