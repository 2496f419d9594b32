package io.capsulemq.broker.server.body;

import java.util.Map;

/** Every consumer group's configuration (RocketMQ's {@code SubscriptionGroupWrapper}). */
public record SubscriptionGroupTableBody(DataVersion dataVersion,
                                         Map<String, SubscriptionGroupData> subscriptionGroupTable,
                                         Map<String, Map<String, Integer>> forbiddenTable) {
}
