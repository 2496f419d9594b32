package io.capsulemq.broker.server.body;

import java.util.List;
import java.util.Map;

/** A consumer group's live connections and subscriptions (RocketMQ's {@code ConsumerConnection}). */
public record ConsumerConnectionBody(List<ConnectionData> connectionSet,
                                     Map<String, SubscriptionData> subscriptionTable, String consumeType,
                                     String messageModel, String consumeFromWhere) {
}
