package io.capsulemq.client.producer;

import io.capsulemq.client.gateway.SendOutcome;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.producer.SendReceipt;

/** What a producer learns of an accepted message: its id, and where it was stored. */
final class CapsuleSendReceipt implements SendReceipt {
    private final MessageId messageId;
    private final SendOutcome outcome;

    CapsuleSendReceipt(MessageId messageId, SendOutcome outcome) {
        this.messageId = messageId;
        this.outcome = outcome;
    }

    @Override
    public MessageId getMessageId() {
        return messageId;
    }

    /** The queue's offset of the message (for a timed or half message, in the broker's own topic holding it). */
    long queueOffset() {
        return outcome.queueOffset();
    }

    long commitLogOffset() {
        return outcome.commitLogOffset();
    }

    @Override
    public String toString() {
        return "SendReceipt{messageId=" + messageId + ", queue=" + outcome.topic() + "#" + outcome.queueId()
                + ", queueOffset=" + outcome.queueOffset() + "}";
    }
}
