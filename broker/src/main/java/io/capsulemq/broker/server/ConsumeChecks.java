package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

/** What a consumer's request needs before it reads: a group allowed to consume, a readable topic, a real queue. */
final class ConsumeChecks {
    private ConsumeChecks() {
    }

    /** The group's settings, the group created on first use when the broker allows it. */
    static GroupConfig group(Broker broker, String group) {
        GroupConfig config;
        try {
            config = broker.groups().findOrAutoCreate(group);
        } catch (IllegalArgumentException e) {
            throw Responses.refuse(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, e.getMessage());
        }
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
