package io.capsulemq.client.gateway;

import java.net.InetSocketAddress;
import java.util.Map;

/** A message as the broker hands it to a consumer or to a transaction check: stored, with its place and history. */
public record DeliveredMessage(String topic, int queueId, long queueOffset, long commitLogOffset, byte[] body,
                               Map<String, String> properties, long bornTimestamp, InetSocketAddress bornHost,
                               long storeTimestamp, int reconsumeTimes) {
    public DeliveredMessage {
        properties = Map.copyOf(properties);
    }

    public String property(String name) {
        return properties.get(name);
    }
}
