package io.capsulemq.client.local;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.OutgoingMessage;

/** The gateway's messages to and from the engine's. */
final class EngineMessages {
    private EngineMessages() {
    }

    static MessageToStore toStore(OutgoingMessage m) {
        MessageToStore.Builder b = MessageToStore.builder(m.topic(), m.queueId()).body(m.body())
                .properties(m.properties()).bornTimestamp(m.bornTimestamp()).bornHost(m.bornHost());
        if (Boolean.parseBoolean(m.properties().get(MessageProperties.TRANSACTION_PREPARED))) {
            b.sysFlag(MessageSysFlag.withTransactionType(0, MessageSysFlag.TRANSACTION_PREPARED_TYPE));
        }
        return b.build();
    }

    static DeliveredMessage delivered(StoredMessage m) {
        return new DeliveredMessage(m.topic(), m.queueId(), m.queueOffset(), m.commitLogOffset(), m.body(),
                m.properties(), m.bornTimestamp(), m.bornHost(), m.storeTimestamp(), m.reconsumeTimes());
    }
}
