package io.capsulemq.broker.engine.client;

import io.capsulemq.broker.store.StoredMessage;

/**
 * The broker's way back to one client: an in-process client object now, a network channel later. The broker calls
 * it to tell consumers that their group changed and to ask a producer about a transaction it left open.
 */
public interface ClientConnection {
    String clientId();

    /** False once the client closed or its connection dropped. */
    boolean isActive();

    /** The members of {@code consumerGroup} changed: rebalance now rather than at the next periodic rebalance. */
    void notifyConsumerIdsChanged(String consumerGroup);

    /**
     * Asks the producer how the transaction of this half message ended. The answer comes back through the
     * engine's end-transaction call; this call must not block.
     */
    void checkTransactionState(String producerGroup, StoredMessage halfMessage, String transactionId);
}
