package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.store.StoredMessage;

/**
 * One message handed out by {@link PopService#pop}: invisible to the rest of its group until it is acknowledged or
 * its invisible time passes.
 *
 * @param message         the message as stored
 * @param topic           the topic the consumer popped (the message's own topic: redeliveries stay in place)
 * @param receiptHandle   what acknowledges it or changes its invisible time; valid for this delivery only
 * @param deliveryAttempt 1 on the first delivery, counted up on each redelivery
 */
public record PoppedMessage(StoredMessage message, String topic, String receiptHandle, int deliveryAttempt) {
}
