package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.DeliveredMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** How the pulled messages of one queue reach the listener: concurrently, or one at a time in queue order. */
interface Consumption {
    /** Newly pulled messages, already in the queue's cache. */
    void dispatch(List<DeliveredMessage> messages);

    /** The queue's lease was taken (again): consumption held back for it may go on. */
    default void leaseTaken() {
    }

    /** Completes once no listener call of this queue is running; called after the queue was given up. */
    CompletableFuture<Void> whenIdle();
}
