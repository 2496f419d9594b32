package io.capsulemq.broker.store;

import io.capsulemq.broker.store.message.MessageIds;
import io.capsulemq.broker.store.message.MessageProperties;

import java.net.InetSocketAddress;
import java.util.Map;

/** A record read back from the commit log, CRC-checked. */
public record StoredMessage(
        String topic,
        int queueId,
        int flag,
        long queueOffset,
        long commitLogOffset,
        int storeSize,
        int sysFlag,
        long bornTimestamp,
        InetSocketAddress bornHost,
        long storeTimestamp,
        InetSocketAddress storeHost,
        int reconsumeTimes,
        long preparedTransactionOffset,
        byte[] body,
        Map<String, String> properties) {

    public String property(String name) {
        return properties.get(name);
    }

    public String tags() {
        return properties.get(MessageProperties.TAGS);
    }

    /** The client's unique id (UNIQ_KEY), or null when the producer set none. */
    public String uniqueId() {
        return properties.get(MessageProperties.UNIQUE_KEY);
    }

    /** The offset message id: store host, port and commit log offset. */
    public String offsetMessageId() {
        return MessageIds.offsetMessageId(storeHost.getAddress().getAddress(), storeHost.getPort(), commitLogOffset);
    }

    /**
     * A builder holding this message's body, flags, properties, birth and reconsume count, addressed to another
     * topic and queue: how the broker re-stores a message (timer firing, commit, retry, dead letter).
     */
    public MessageToStore.Builder copyTo(String topic, int queueId) {
        return MessageToStore.builder(topic, queueId).body(body).flag(flag).sysFlag(sysFlag).properties(properties)
                .bornTimestamp(bornTimestamp).bornHost(bornHost).reconsumeTimes(reconsumeTimes)
                .preparedTransactionOffset(preparedTransactionOffset);
    }
}
