package io.capsulemq.broker.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The journaled store as the engine sees it: one commit log for every topic, a consume queue per (topic, queue id)
 * and an index by key and unique id. Thread-safe.
 */
public interface MessageStore extends AutoCloseable {

    /** Appends one message; completes when the flush mode's promise holds (written, or fsynced). */
    CompletableFuture<PutResult> putAsync(MessageToStore message);

    /**
     * Appends messages of one topic and queue as one contiguous batch: all are written or none.
     */
    CompletableFuture<PutResult> putBatchAsync(List<MessageToStore> batch);

    default PutResult put(MessageToStore message) {
        return putAsync(message).join();
    }

    default PutResult putBatch(List<MessageToStore> batch) {
        return putBatchAsync(batch).join();
    }

    /** Reads up to {@code maxCount} matching messages of a queue starting at {@code offset}. */
    GetResult get(String topic, int queueId, long offset, int maxCount, MessageFilter filter);

    /** The smallest offset still stored in the queue (0 for a new queue). */
    long minOffset(String topic, int queueId);

    /** The next offset to be written in the queue (its message count if nothing was deleted). */
    long maxOffset(String topic, int queueId);

    /** The first queue offset whose message was stored at or after {@code timestampMillis}; max offset if none. */
    long offsetByTimestamp(String topic, int queueId, long timestampMillis);

    /** The message at a commit log offset (the offset message id's offset), CRC-checked. */
    Optional<StoredMessage> lookAt(long commitLogOffset);

    /** Messages whose offset message id this is; a malformed id is refused with IllegalArgumentException. */
    Optional<StoredMessage> lookUpByOffsetId(String offsetMessageId);

    /** Messages with this unique id (UNIQ_KEY) stored in the time range, newest first. */
    List<StoredMessage> lookUpByUniqueId(String topic, String uniqueId, long beginMillis, long endMillis);

    /** Up to {@code maxCount} messages of a topic with this key, stored in the time range, newest first. */
    List<StoredMessage> lookUpByKey(String topic, String key, int maxCount, long beginMillis, long endMillis);

    /**
     * Forgets a topic: its consume queues are deleted and its queue offsets start again at 0. Its records stay in
     * the commit log until retention removes them; they are no longer readable through any queue.
     */
    void deleteTopic(String topic);

    /** Waits until every message put so far is readable through its queue; false if the timeout passed first. */
    boolean awaitDispatched(java.time.Duration timeout);

    /** Registers a listener told of each message as it becomes readable in its consume queue. */
    void addArrivalListener(ArrivalListener listener);

    /**
     * Keeps records a part of the broker will still read from being deleted for their age. {@code
     * lowestNeededOffset} gives the lowest commit log offset its owner still needs ({@link Long#MAX_VALUE}: none);
     * retention then deletes no segment holding that offset or any later one because of the reserved time.
     * Register right after opening the store (its first retention round runs one clean interval later); a guard
     * lives as long as the store.
     *
     * <p>The supplier is asked at most once per retention round, and only when the oldest segment could go (old
     * enough, or the disk too full), on the thread running the round: it must be thread-safe and quick, and may
     * read from the store. One that throws holds back every segment for that round.
     *
     * <p>A guard does not hold against a full disk: while more than {@code diskMaxUsedRatio} of it is used, the
     * oldest segments are deleted whatever a guard needs, and the records it needed there are lost (logged as an
     * error naming the guard). Its owner then finds them missing when it reads them and must report each loss.
     *
     * @param name names the guard in the log ("timer", say)
     */
    void addRetentionGuard(String name, LongSupplier lowestNeededOffset);

    /** The commit log's smallest and next-to-write physical offsets. */
    long minCommitLogOffset();

    long maxCommitLogOffset();

    /** Flushes everything, writes the checkpoint and the clean-shutdown marker, and releases the store. */
    @Override
    void close();
}
