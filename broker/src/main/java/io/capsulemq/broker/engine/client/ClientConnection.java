package io.capsulemq.broker.engine.client;

import io.capsulemq.broker.store.StoredMessage;

import java.util.Map;

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

    /**
     * An operator reset the group's offsets on a topic: a consumer holding queues of it restarts from these
     * offsets (by queue id). Clients that keep no offsets of their own (pop) need not act.
     */
    default void resetOffsets(String consumerGroup, String topic, Map<Integer, Long> offsets) {
    }
}
