package io.capsulemq.rar.outbound;

import io.capsulemq.client.message.CapsuleMessageId;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.producer.SendReceipt;

/** The receipt of a send inside a transaction: the id the message will have once committed. */
record HalfReceipt(String uniqueId) implements SendReceipt {
    @Override
    public MessageId getMessageId() {
        return new CapsuleMessageId(uniqueId);
    }
}
