package io.capsulemq.client.gateway;

import java.util.Map;

/**
 * The broker's way back to one client. Calls arrive on the broker's threads and must return at once: a client
 * hands the work to its own threads.
 */
public interface ClientListener {
    String clientId();

    /** False once the client closed. */
    boolean isActive();

    /** The group's members changed: rebalance now. */
    default void consumerIdsChanged(String group) {
    }

    /** The broker asks how the transaction of this half message ended; answer with endTransaction(fromCheck). */
    default void checkTransaction(String producerGroup, DeliveredMessage half, String transactionId) {
    }

    /** An operator moved the group's offsets on a topic: queues held restart from these offsets. */
    default void offsetsReset(String group, String topic, Map<Integer, Long> offsets) {
    }
}
