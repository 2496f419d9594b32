package io.capsulemq.client.gateway;

/** A message taken by a pop: invisible to the group's other consumers until acknowledged or its time runs out. */
public record PoppedDelivery(DeliveredMessage message, String topic, String receiptHandle, int deliveryAttempt) {
}
