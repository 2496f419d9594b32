package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** What a consumer's request needs before it reads: a group allowed to consume, a readable topic, a real queue. */
final class ConsumeChecks {
    private ConsumeChecks() {
    }

    /** The settings of a group allowed to consume, as {@link #settings} finds or creates them. */
    static GroupConfig group(Broker broker, String group) {
        return enabled(group, settings(broker, group));
    }

    /**
     * The group's settings, the group created on first use when the broker allows it: in order when a topic its
     * live consumers subscribe to is a FIFO topic, as RocketMQ 5 users expect of a group consuming a FIFO topic.
     * While one of those topics does not exist yet, the defaults serve (for its retry topic, say) without fixing
     * the group before that topic's first message says whether it is FIFO. Refused, naming the group, when it does
     * not exist and groups are not created on first use.
     */
    static GroupConfig settings(Broker broker, String group) {
        Set<String> topics = new HashSet<>();
        for (ConsumerRegistry.Member member : broker.consumers().members(group)) {
            topics.addAll(member.registration().subscriptions().keySet());
        }
        Optional<GroupConfig> config = broker.groups().findOrAutoCreateFor(group, topics, broker.topics());
        if (config.isEmpty() && !broker.config().autoCreateSubscriptionGroup()) {
            autoCreate(broker, group); // refused, naming the group
        }
        return config.orElseGet(() -> GroupConfig.defaults(group));
    }

    /**
     * The settings of a group whose consumers subscribe to {@code topics}; empty while the group does not exist
     * and one of those topics does not exist yet either (its first message will say whether it is a FIFO topic, and
     * so whether the group consumes in order).
     */
    static Optional<GroupConfig> groupFor(Broker broker, String group, Collection<String> topics) {
        Optional<GroupConfig> config = broker.groups().findOrAutoCreateFor(group, topics, broker.topics());
        if (config.isEmpty() && !broker.config().autoCreateSubscriptionGroup()) {
            autoCreate(broker, group); // refused, naming the group
        }
        return config.map(c -> enabled(group, c));
    }

    private static GroupConfig autoCreate(Broker broker, String group) {
        try {
            return broker.groups().findOrAutoCreate(group);
        } catch (IllegalArgumentException e) {
            throw Responses.refuse(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, e.getMessage());
        }
    }

    private static GroupConfig enabled(String group, GroupConfig config) {
        if (!config.consumeEnable()) {
            throw Responses.refuse(ResponseCode.NO_PERMISSION, "consumer group " + group
                    + " may not consume: consumeEnable is off");
        }
        return config;
    }

    static TopicConfig readableTopic(Broker broker, String topic) {
        TopicConfig config = existingTopic(broker, topic);
        if (!Permission.readable(config.perm())) {
            throw Responses.refuse(ResponseCode.NO_PERMISSION, "topic " + topic + " is not readable (permission "
                    + Permission.describe(config.perm()) + ")");
        }
        return config;
    }

    static TopicConfig existingTopic(Broker broker, String topic) {
        return broker.topics().find(topic).orElseThrow(() -> Responses.refuse(ResponseCode.TOPIC_NOT_EXIST,
                "topic " + topic + " does not exist"));
    }

    static void readQueue(TopicConfig topic, int queueId) {
        if (queueId < 0 || queueId >= topic.readQueueNums()) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "queue id " + queueId + " is out of range for"
                    + " topic " + topic.topicName() + " (0 to " + (topic.readQueueNums() - 1) + ")");
        }
    }
}
