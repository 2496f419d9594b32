package io.capsulemq.broker.engine.timer;

/**
 * A timed message waiting in the timer, for the console.
 *
 * @param topic     the topic it will be delivered to
 * @param queueId   the queue it will be delivered to
 * @param messageId its message id (the unique id clients see)
 * @param dueMillis when it is due, epoch milliseconds
 */
public record PendingTimer(String topic, int queueId, String messageId, long dueMillis) {
}
