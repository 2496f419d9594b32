package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.GatewayException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the gateway numbers a topic's queues when several brokers hold them: its queue {@code i} is a (broker, queue
 * id) pair, the brokers taken in name order and their queues dealt out in turn (a0, b0, a1, b1, ...), so that the
 * queue after any queue is on another broker wherever there is one: a producer trying a failed send again on the
 * next queue tries another broker. Readable and writable queues are numbered apart, as RocketMQ counts them apart;
 * only brokers with a master are counted.
 */
final class QueueLayout {
    private final List<BrokerQueue> read;
    private final List<BrokerQueue> write;
    private final Map<BrokerQueue, Integer> readIndex = new TreeMap<>(QueueLayout::compare);

    private QueueLayout(List<BrokerQueue> read, List<BrokerQueue> write) {
        this.read = List.copyOf(read);
        this.write = List.copyOf(write);
        for (int i = 0; i < this.read.size(); i++) {
            readIndex.put(this.read.get(i), i);
        }
    }

    /**
     * The layout of a route.
     *
     * @param queuesPerBroker at most this many queues of each broker are counted (a topic not created yet gets
     *                        the broker's default number of queues, not all of the template topic's)
     */
    static QueueLayout of(RouteInfo route, int queuesPerBroker) {
        Map<String, RouteInfo.QueueInfo> byBroker = new TreeMap<>();
        for (RouteInfo.QueueInfo q : route.queues()) {
            if (q.brokerName() != null && route.masters().containsKey(q.brokerName())) {
                byBroker.put(q.brokerName(), q);
            }
        }
        List<String> readers = new ArrayList<>();
        List<Integer> readCounts = new ArrayList<>();
        List<String> writers = new ArrayList<>();
        List<Integer> writeCounts = new ArrayList<>();
        byBroker.forEach((name, q) -> {
            if (q.readable()) {
                readers.add(name);
                readCounts.add(Math.min(q.readQueueNums(), queuesPerBroker));
            }
            if (q.writable()) {
                writers.add(name);
                writeCounts.add(Math.min(q.writeQueueNums(), queuesPerBroker));
            }
        });
        return new QueueLayout(dealt(readers, readCounts), dealt(writers, writeCounts));
    }

    private static List<BrokerQueue> dealt(List<String> brokers, List<Integer> counts) {
        List<BrokerQueue> queues = new ArrayList<>();
        int most = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int id = 0; id < most; id++) {
            for (int b = 0; b < brokers.size(); b++) {
                if (id < counts.get(b)) {
                    queues.add(new BrokerQueue(brokers.get(b), id));
                }
            }
        }
        return Collections.unmodifiableList(queues);
    }

    int readCount() {
        return read.size();
    }

    int writeCount() {
        return write.size();
    }

    List<BrokerQueue> readQueues() {
        return read;
    }

    /** The readable queue numbered {@code index}; one past the end is refused (the route changed under it). */
    BrokerQueue read(String topic, int index) {
        if (index < 0 || index >= read.size()) {
            throw new GatewayException(GatewayException.Kind.UNAVAILABLE, "topic " + topic + " has no readable queue "
                    + index + " now (it has " + read.size() + "); its route changed");
        }
        return read.get(index);
    }

    /** The writable queue numbered {@code index}, counted round when the route shrank since it was chosen. */
    BrokerQueue write(String topic, int index) {
        if (write.isEmpty()) {
            throw new GatewayException(GatewayException.Kind.FORBIDDEN, "no broker accepts messages for topic "
                    + topic + " now (no writable queue)");
        }
        return write.get(Math.floorMod(index, write.size()));
    }

    /** The gateway's number of a broker's readable queue, or -1 when it is not one. */
    int readIndex(String brokerName, int queueId) {
        Integer index = readIndex.get(new BrokerQueue(brokerName, queueId));
        return index == null ? -1 : index;
    }

    private static int compare(BrokerQueue a, BrokerQueue b) {
        int byName = a.brokerName().compareTo(b.brokerName());
        return byName != 0 ? byName : Integer.compare(a.queueId(), b.queueId());
    }
}
