package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.gateway.TopicType;

import java.util.Map;

/**
 * A topic as the gateway knows it from its route: its queues numbered across brokers, the brokers' addresses and
 * its type. {@code exists} is false for a topic a first send creates, laid out as the auto-create template topic.
 */
record TopicLayout(String topic, boolean exists, QueueLayout queues, Map<String, String> masters, TopicType type) {
    TopicLayout {
        masters = Map.copyOf(masters);
    }

    TopicRoute route() {
        return new TopicRoute(topic, queues.readCount(), queues.writeCount(), queues.readCount() > 0,
                queues.writeCount() > 0, type, exists);
    }
}
