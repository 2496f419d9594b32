package io.capsulemq.broker.engine;

/** One message queue: a topic and a queue id (RocketMQ's MessageQueue, on this one broker). */
public record QueueId(String topic, int queueId) implements Comparable<QueueId> {
    @Override
    public int compareTo(QueueId other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(queueId, other.queueId);
    }

    @Override
    public String toString() {
        return topic + "#" + queueId;
    }
}
