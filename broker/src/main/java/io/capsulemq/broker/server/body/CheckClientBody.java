package io.capsulemq.broker.server.body;

/** A consumer asking whether the broker can serve its subscription (RocketMQ's {@code CheckClientRequestBody}). */
public record CheckClientBody(String clientId, String group, SubscriptionData subscriptionData) {
}
