package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.store.ArrivalListener;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** A store that refuses the puts a test names (as a full disk would), and passes everything else through. */
final class FailingStore implements MessageStore {
    private final MessageStore store;
    private volatile Predicate<String> refusedTopics = topic -> false;

    FailingStore(MessageStore store) {
        this.store = store;
    }

    void refusePutsTo(Predicate<String> topics) {
        this.refusedTopics = topics;
    }

    @Override
    public CompletableFuture<PutResult> putAsync(MessageToStore message) {
        return putBatchAsync(List.of(message));
    }

    @Override
    public CompletableFuture<PutResult> putBatchAsync(List<MessageToStore> batch) {
        if (refusedTopics.test(batch.get(0).topic())) {
            return CompletableFuture.completedFuture(PutResult.refused(PutStatus.DISK_FULL, "refused by the test"));
        }
        return store.putBatchAsync(batch);
    }

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxCount, MessageFilter filter) {
        return store.get(topic, queueId, offset, maxCount, filter);
    }

    @Override
    public long minOffset(String topic, int queueId) {
        return store.minOffset(topic, queueId);
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        return store.maxOffset(topic, queueId);
    }

    @Override
    public long offsetByTimestamp(String topic, int queueId, long timestampMillis) {
        return store.offsetByTimestamp(topic, queueId, timestampMillis);
    }

    @Override
    public Optional<StoredMessage> lookAt(long commitLogOffset) {
        return store.lookAt(commitLogOffset);
    }

    @Override
    public Optional<StoredMessage> lookUpByOffsetId(String offsetMessageId) {
        return store.lookUpByOffsetId(offsetMessageId);
    }

    @Override
    public List<StoredMessage> lookUpByUniqueId(String topic, String uniqueId, long beginMillis, long endMillis) {
        return store.lookUpByUniqueId(topic, uniqueId, beginMillis, endMillis);
    }

    @Override
    public List<StoredMessage> lookUpByKey(String topic, String key, int maxCount, long beginMillis,
                                           long endMillis) {
        return store.lookUpByKey(topic, key, maxCount, beginMillis, endMillis);
    }

    @Override
    public void deleteTopic(String topic) {
        store.deleteTopic(topic);
    }

    @Override
    public boolean awaitDispatched(Duration timeout) {
        return store.awaitDispatched(timeout);
    }

    @Override
    public void addArrivalListener(ArrivalListener listener) {
        store.addArrivalListener(listener);
    }

    @Override
    public void addRetentionGuard(String name, LongSupplier lowestNeededOffset) {
        store.addRetentionGuard(name, lowestNeededOffset);
    }

    @Override
    public long minCommitLogOffset() {
        return store.minCommitLogOffset();
    }

    @Override
    public long maxCommitLogOffset() {
        return store.maxCommitLogOffset();
    }

    @Override
    public void close() {
        store.close();
    }
}
