package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.DeliveredMessage;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The messages of one queue pulled and not yet consumed, in queue order, with their count and size for flow
 * control. The lowest offset still here is where the group resumes if this consumer goes away.
 */
final class MessageCache {
    private final TreeMap<Long, DeliveredMessage> messages = new TreeMap<>();
    private long bytes;

    synchronized void add(List<DeliveredMessage> pulled) {
        for (DeliveredMessage m : pulled) {
            if (messages.put(m.queueOffset(), m) == null) {
                bytes += m.body().length;
            }
        }
    }

    /** Removes a consumed (or handed back) message. */
    synchronized void remove(DeliveredMessage m) {
        if (messages.remove(m.queueOffset()) != null) {
            bytes -= m.body().length;
        }
    }

    /** The first message in queue order, or null. */
    synchronized DeliveredMessage first() {
        Map.Entry<Long, DeliveredMessage> first = messages.firstEntry();
        return first == null ? null : first.getValue();
    }

    synchronized OptionalLong lowestOffset() {
        return messages.isEmpty() ? OptionalLong.empty() : OptionalLong.of(messages.firstKey());
    }

    synchronized int count() {
        return messages.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
