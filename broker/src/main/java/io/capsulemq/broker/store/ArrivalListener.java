package io.capsulemq.broker.store;

/**
 * Told when a message becomes readable in a consume queue, so that waiting readers (long polls, the timer, pop)
 * wake at once instead of polling. Called on the dispatcher thread: implementations must return quickly and never
 * block or call back into the store's write path.
 */
@FunctionalInterface
public interface ArrivalListener {
    /**
     * A message was added to (topic, queueId) at {@code queueOffset}.
     *
     * @param tagsCode the consume queue's tag code, for a cheap first filter
     */
    void onArrival(String topic, int queueId, long queueOffset, long tagsCode);
}
