package io.capsulemq.client.gateway;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A message on its way to a queue, as a producer hands it over: body and properties (system ones, such as tags,
 * keys, unique id, message group, delivery time and transaction marks, under RocketMQ's property names).
 */
public record OutgoingMessage(String topic, int queueId, byte[] body, Map<String, String> properties,
                              long bornTimestamp, InetSocketAddress bornHost) {
    public OutgoingMessage {
        properties = Map.copyOf(properties);
    }
}
