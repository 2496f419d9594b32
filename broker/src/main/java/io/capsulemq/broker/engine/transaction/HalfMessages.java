package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;

/**
 * How a transactional message is parked and released. A half message is stored in the broker's half topic, its
 * real topic and queue kept in properties, so it is durable but in no consumer's queue. Commit stores it again in
 * its real topic, marked committed and pointing back at the half.
 */
public final class HalfMessages {
    private HalfMessages() {
    }

    /** The half message to store for a prepared send. */
    public static MessageToStore toHalf(MessageToStore prepared) {
        return prepared.copyTo(SystemTopics.TRANSACTION_HALF, 0)
                .property(MessageProperties.REAL_TOPIC, prepared.topic())
                .property(MessageProperties.REAL_QUEUE_ID, Integer.toString(prepared.queueId()))
                // Stored as an ordinary message of the half topic, so the check service can walk that queue.
                .sysFlag(MessageSysFlag.withTransactionType(prepared.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE))
                .build();
    }

    /** The committed message to store for a half message: visible in its real topic and queue. */
    public static MessageToStore committed(StoredMessage half) {
        return half.copyTo(half.property(MessageProperties.REAL_TOPIC),
                        Integer.parseInt(half.property(MessageProperties.REAL_QUEUE_ID)))
                .removeProperty(MessageProperties.REAL_TOPIC)
                .removeProperty(MessageProperties.REAL_QUEUE_ID)
                .sysFlag(MessageSysFlag.withTransactionType(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE))
                .preparedTransactionOffset(half.commitLogOffset())
                .build();
    }
}
