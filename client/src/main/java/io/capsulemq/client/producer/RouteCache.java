package io.capsulemq.client.producer;

import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.TopicRoute;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topic routes a producer sends by, fetched on first use and again after 30 s (as the RocketMQ client refreshes
 * them), after a failed send, and every second while a topic is only creatable, not yet created.
 */
final class RouteCache {
    private static final long TTL_MILLIS = 30_000;
    private static final long NOT_CREATED_TTL_MILLIS = 1_000;

    private record Entry(TopicRoute route, long fetchedAtMillis) {
    }

    private final BrokerGateway gateway;
    private final Map<String, Entry> routes = new ConcurrentHashMap<>();

    RouteCache(BrokerGateway gateway) {
        this.gateway = gateway;
    }

    /** The topic's route; refusals (no such topic, bad name) are the gateway's. */
    TopicRoute get(String topic) {
        long now = System.currentTimeMillis();
        Entry entry = routes.get(topic);
        if (entry == null || now - entry.fetchedAtMillis > (entry.route.exists() ? TTL_MILLIS
                : NOT_CREATED_TTL_MILLIS)) {
            entry = new Entry(gateway.route(topic), now);
            routes.put(topic, entry);
        }
        return entry.route;
    }

    void invalidate(String topic) {
        routes.remove(topic);
    }
}
