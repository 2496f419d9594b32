package io.capsulemq.broker.engine.topic;

import io.capsulemq.broker.store.message.MessageProperties;

import java.util.Map;

/**
 * The kind of message a topic takes, as RocketMQ 5 types topics. A topic of one type refuses messages of another;
 * MIXED takes all.
 */
public enum MessageType {
    NORMAL, FIFO, DELAY, TRANSACTION, MIXED;

    /** The type a message is, read from its properties as RocketMQ's broker reads it. */
    public static MessageType of(Map<String, String> properties) {
        if (Boolean.parseBoolean(properties.get(MessageProperties.TRANSACTION_PREPARED))) {
            return TRANSACTION;
        }
        if (properties.containsKey(MessageProperties.DELAY_LEVEL)
                || properties.containsKey(MessageProperties.DELIVER_TIME_MS)) {
            return DELAY;
        }
        if (properties.containsKey(MessageProperties.SHARDING_KEY)) {
            return FIFO;
        }
        return NORMAL;
    }

    public boolean accepts(MessageType message) {
        return this == MIXED || this == message;
    }
}
