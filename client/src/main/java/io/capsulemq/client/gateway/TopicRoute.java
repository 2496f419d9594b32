package io.capsulemq.client.gateway;

/**
 * A topic as clients see it on this broker: its queues, whether they may be read and written, and the kind of
 * message it takes. {@code exists} is false for a topic a first send would create with these queues.
 */
public record TopicRoute(String topic, int readQueueNums, int writeQueueNums, boolean readable, boolean writable,
                         TopicType type, boolean exists) {
}
