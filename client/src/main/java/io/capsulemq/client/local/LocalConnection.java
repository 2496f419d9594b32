package io.capsulemq.client.local;

import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.client.gateway.ClientListener;

import java.util.Map;

/** The engine's view of an in-process client: its calls go to the client's listener. */
final class LocalConnection implements ClientConnection {
    private final ClientListener client;

    LocalConnection(ClientListener client) {
        this.client = client;
    }

    @Override
    public String clientId() {
        return client.clientId();
    }

    @Override
    public boolean isActive() {
        return client.isActive();
    }

    @Override
    public void notifyConsumerIdsChanged(String consumerGroup) {
        client.consumerIdsChanged(consumerGroup);
    }

    @Override
    public void checkTransactionState(String producerGroup, StoredMessage halfMessage, String transactionId) {
        client.checkTransaction(producerGroup, EngineMessages.delivered(halfMessage), transactionId);
    }

    @Override
    public void resetOffsets(String consumerGroup, String topic, Map<Integer, Long> offsets) {
        client.offsetsReset(consumerGroup, topic, offsets);
    }
}
