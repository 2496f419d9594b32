package io.capsulemq.broker.server.body;

import java.util.Map;

/**
 * A consumer group's configuration as RocketMQ's {@code SubscriptionGroupConfig} has it. Read from requests with
 * every field optional (null: keep what the group has), written with every field set.
 */
public record SubscriptionGroupData(String groupName, Boolean consumeEnable, Boolean consumeFromMinEnable,
                                    Boolean consumeBroadcastEnable, Boolean consumeMessageOrderly,
                                    Integer retryQueueNums, Integer retryMaxTimes, Long brokerId,
                                    Long whichBrokerWhenConsumeSlowly, Boolean notifyConsumerIdsChangedEnable,
                                    Integer groupSysFlag, Integer consumeTimeoutMinute,
                                    Map<String, String> attributes) {
}
