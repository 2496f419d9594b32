package io.capsulemq.client.remote;

import io.capsulemq.client.gateway.DeliveredMessage;

import java.net.InetSocketAddress;
import java.util.Map;

/** A stored message as a broker sends it over the wire, decoded by {@link WireCodec}. */
record WireMessage(int queueId, int flag, long queueOffset, long commitLogOffset, int sysFlag, long bornTimestamp,
                   InetSocketAddress bornHost, long storeTimestamp, InetSocketAddress storeHost, int reconsumeTimes,
                   long preparedTransactionOffset, byte[] body, String topic, Map<String, String> properties) {
    WireMessage {
        properties = Map.copyOf(properties);
    }

    String property(String name) {
        return properties.get(name);
    }

    /** The message as the gateway hands it to clients, its queue numbered as the gateway numbers queues. */
    DeliveredMessage delivered(int queueIndex) {
        return new DeliveredMessage(topic, queueIndex, queueOffset, commitLogOffset, body, properties, bornTimestamp,
                bornHost, storeTimestamp, reconsumeTimes);
    }
}
