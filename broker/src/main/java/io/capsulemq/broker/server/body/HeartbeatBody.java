package io.capsulemq.broker.server.body;

import java.util.List;

/**
 * A client's heartbeat (RocketMQ's {@code HeartbeatData}): its id and the producer and consumer groups it runs.
 * With {@code withoutSub} the consumers' subscriptions are left out as unchanged (heartbeat v2; this broker does not
 * offer it, so clients send them every time).
 */
public record HeartbeatBody(String clientID, List<ProducerData> producerDataSet, List<ConsumerData> consumerDataSet,
                            int heartbeatFingerprint, boolean withoutSub) {
    public HeartbeatBody {
        producerDataSet = producerDataSet == null ? List.of() : producerDataSet;
        consumerDataSet = consumerDataSet == null ? List.of() : consumerDataSet;
    }

    /** One producer group of the client. */
    public record ProducerData(String groupName) {
    }
}
