package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.QueueRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a topic's queues a member consumes: the queues are dealt out in contiguous runs, the members taken in
 * the sorted order every member sees, the first ones getting one more queue when they do not divide evenly
 * (RocketMQ's "average" strategy). With more members than queues the last members get none.
 */
final class QueueAllocation {
    private QueueAllocation() {
    }

    static List<QueueRef> average(String topic, int queueCount, List<String> members, String self) {
        int index = members.indexOf(self);
        if (index < 0 || queueCount <= 0) {
            return List.of();
        }
        int base = queueCount / members.size();
        int extra = queueCount % members.size();
        int size = base + (index < extra ? 1 : 0);
        int start = index * base + Math.min(index, extra);
        List<QueueRef> mine = new ArrayList<>(size);
        for (int q = start; q < start + size; q++) {
            mine.add(new QueueRef(topic, q));
        }
        return mine;
    }
}
