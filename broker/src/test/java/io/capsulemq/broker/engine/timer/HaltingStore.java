package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.ArrivalListener;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** A store that runs an action right after the n-th put outside the timer topic: a crash at a chosen moment. */
final class HaltingStore implements MessageStore {
    private final MessageStore delegate;
    private final int haltAfter;
    private final Runnable action;
    private final AtomicInteger puts = new AtomicInteger();

    HaltingStore(MessageStore delegate, int haltAfter, Runnable action) {
        this.delegate = delegate;
        this.haltAfter = haltAfter;
        this.action = action;
    }

    int puts() {
        return puts.get();
    }

    @Override
    public CompletableFuture<PutResult> putAsync(MessageToStore message) {
        CompletableFuture<PutResult> result = delegate.putAsync(message);
        if (!TimerMessages.TIMER_TOPIC.equals(message.topic()) && puts.incrementAndGet() == haltAfter) {
            action.run();
        }
        return result;
    }

    @Override
    public CompletableFuture<PutResult> putBatchAsync(List<MessageToStore> batch) {
        return delegate.putBatchAsync(batch);
    }

    @Override
    public GetResult get(String topic, int queueId, long offset, int maxCount, MessageFilter filter) {
        return delegate.get(topic, queueId, offset, maxCount, filter);
    }

    @Override
    public long minOffset(String topic, int queueId) {
        return delegate.minOffset(topic, queueId);
    }

    @Override
    public long maxOffset(String topic, int queueId) {
        return delegate.maxOffset(topic, queueId);
    }

    @Override
    public long offsetByTimestamp(String topic, int queueId, long timestampMillis) {
        return delegate.offsetByTimestamp(topic, queueId, timestampMillis);
    }

    @Override
    public Optional<StoredMessage> lookAt(long commitLogOffset) {
        return delegate.lookAt(commitLogOffset);
    }

    @Override
    public Optional<StoredMessage> lookUpByOffsetId(String offsetMessageId) {
        return delegate.lookUpByOffsetId(offsetMessageId);
    }

    @Override
    public List<StoredMessage> lookUpByUniqueId(String topic, String uniqueId, long beginMillis, long endMillis) {
        return delegate.lookUpByUniqueId(topic, uniqueId, beginMillis, endMillis);
    }

    @Override
    public List<StoredMessage> lookUpByKey(String topic, String key, int maxCount, long beginMillis,
                                           long endMillis) {
        return delegate.lookUpByKey(topic, key, maxCount, beginMillis, endMillis);
    }

    @Override
    public void deleteTopic(String topic) {
        delegate.deleteTopic(topic);
    }

    @Override
    public boolean awaitDispatched(Duration timeout) {
        return delegate.awaitDispatched(timeout);
    }

    @Override
    public void addArrivalListener(ArrivalListener listener) {
        delegate.addArrivalListener(listener);
    }

    @Override
    public void addRetentionGuard(String name, LongSupplier lowestNeededOffset) {
        delegate.addRetentionGuard(name, lowestNeededOffset);
    }

    @Override
    public long minCommitLogOffset() {
        return delegate.minCommitLogOffset();
    }

    @Override
    public long maxCommitLogOffset() {
        return delegate.maxCommitLogOffset();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
