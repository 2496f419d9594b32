package io.capsulemq.client.gateway;

/** One message queue of a topic. Sorted by topic, then queue id. */
public record QueueRef(String topic, int queueId) implements Comparable<QueueRef> {
    @Override
    public int compareTo(QueueRef other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(queueId, other.queueId);
    }

    @Override
    public String toString() {
        return topic + "#" + queueId;
    }
}
