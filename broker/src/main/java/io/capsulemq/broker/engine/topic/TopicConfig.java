package io.capsulemq.broker.engine.topic;

/**
 * A topic's settings: how many queues producers write and consumers read, its permissions and its message type.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, MessageType messageType) {
    public TopicConfig {
        if (readQueueNums < 1 || writeQueueNums < 1) {
            throw new IllegalArgumentException("topic " + topicName + " needs at least one read and one write queue");
        }
        if (messageType == null) {
            messageType = MessageType.NORMAL;
        }
    }

    public static TopicConfig of(String topicName, int queues, MessageType type) {
        return new TopicConfig(topicName, queues, queues, Permission.READ_WRITE, type);
    }

    public TopicConfig withType(MessageType type) {
        return new TopicConfig(topicName, readQueueNums, writeQueueNums, perm, type);
    }
}
