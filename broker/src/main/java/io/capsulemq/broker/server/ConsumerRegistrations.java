package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.ConsumeType;
import io.capsulemq.broker.engine.client.ConsumerRegistration;
import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.client.Subscription;
import io.capsulemq.broker.engine.filter.FilterType;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.ConsumerData;
import io.capsulemq.broker.server.body.SubscriptionData;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a client's heartbeat says about one of its consumer groups into the engine's registration, refusing it
 * (naming the group, the topic and the problem) when the group may not consume, a subscription names no topic or
 * its expression does not compile, or an enum value is not one of RocketMQ's.
 */
final class ConsumerRegistrations {
    private final Broker broker;
    private final FilterCache filters;

    ConsumerRegistrations(Broker broker, FilterCache filters) {
        this.broker = broker;
        this.filters = filters;
    }

    ConsumerRegistration read(ConsumerData data) {
        String group = data.groupName();
        if (group == null || group.isEmpty()) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the heartbeat has a consumer without groupName");
        }
        Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        for (SubscriptionData s : data.subscriptionDataSet()) {
            subscriptions.put(s.topic(), subscription(group, s));
        }
        ConsumeChecks.groupFor(broker, group, subscriptions.keySet());
        return new ConsumerRegistration(group, messageModel(group, data.messageModel()),
                consumeType(group, data.consumeType()), subscriptions);
    }

    /** One subscription, its expression compiled (and cached for the group's pulls). */
    Subscription subscription(String group, SubscriptionData s) {
        if (s.topic() == null || s.topic().isEmpty()) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "consumer group " + group
                    + " subscribes to a topic without a name");
        }
        String expression = s.subString() == null || s.subString().isEmpty() ? "*" : s.subString();
        try {
            filters.compile(s.expressionType(), expression);
        } catch (RequestRefusedException e) {
            throw Responses.refuse(e.responseCode(), "consumer group " + group + ", topic " + s.topic() + ": "
                    + e.getMessage());
        }
        return new Subscription(s.topic(), FilterType.forName(s.expressionType()), expression);
    }

    private static MessageModel messageModel(String group, String name) {
        if ("BROADCASTING".equals(name)) {
            return MessageModel.BROADCASTING;
        }
        if (name == null || "CLUSTERING".equals(name)) {
            return MessageModel.CLUSTERING;
        }
        throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "consumer group " + group
                + ": unknown messageModel '" + name + "' (CLUSTERING or BROADCASTING)");
    }

    private static ConsumeType consumeType(String group, String name) {
        if (name == null) {
            return ConsumeType.PUSH;
        }
        return switch (name) {
            case "CONSUME_ACTIVELY" -> ConsumeType.PULL;
            case "CONSUME_PASSIVELY" -> ConsumeType.PUSH;
            case "CONSUME_POP" -> ConsumeType.POP;
            default -> throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "consumer group " + group
                    + ": unknown consumeType '" + name + "' (CONSUME_ACTIVELY, CONSUME_PASSIVELY or CONSUME_POP)");
        };
    }
}
