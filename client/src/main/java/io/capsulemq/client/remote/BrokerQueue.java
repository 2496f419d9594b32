package io.capsulemq.client.remote;

/** One message queue as a broker numbers it: the broker's name and the queue's id there. */
record BrokerQueue(String brokerName, int queueId) {
}
