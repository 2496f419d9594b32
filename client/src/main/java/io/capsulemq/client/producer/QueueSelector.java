package io.capsulemq.client.producer;

import io.capsulemq.client.gateway.TopicRoute;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which write queue a message goes to: the queue its message group hashes to, so that one group's messages stay in
 * one queue in send order (FIFO); otherwise the topic's queues in turn, starting at a random one.
 */
final class QueueSelector {
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    int select(TopicRoute route, String messageGroup) {
        int queues = route.writeQueueNums();
        if (messageGroup != null) {
            return Math.floorMod(messageGroup.hashCode(), queues);
        }
        AtomicInteger turn = turns.computeIfAbsent(route.topic(),
                t -> new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16)));
        return Math.floorMod(turn.getAndIncrement(), queues);
    }
}
