package io.capsulemq.broker.engine.client;

import java.util.Map;

/** What a consumer says in each heartbeat: who it is, its group, how it consumes and what it subscribes to. */
public record ConsumerRegistration(String group, MessageModel messageModel, ConsumeType consumeType,
                                   Map<String, Subscription> subscriptions) {
    public ConsumerRegistration {
        subscriptions = Map.copyOf(subscriptions);
    }
}
