package io.capsulemq.broker.engine.pull;

import io.capsulemq.broker.store.ArrivalListener;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.GetStatus;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads for consumers, with long polling: a pull that finds nothing new at the end of its queue is held until a
 * message arrives in that queue or its suspend time runs out, then answered. Arrival wakes only the pulls of that
 * queue, and the re-read runs on the given executor, never on the store's dispatcher thread.
 */
public final class PullService implements ArrivalListener, AutoCloseable {
    private final MessageStore store;
    private final ScheduledExecutorService timeouts;
    private final Executor readers;
    private final ConcurrentMap<QueueKey, Queue<HeldPull>> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record QueueKey(String topic, int queueId) {
    }

    private final class HeldPull {
        final QueueKey key;
        final long offset;
        final int maxCount;
        final MessageFilter filter;
        final CompletableFuture<GetResult> answer = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;

        HeldPull(QueueKey key, long offset, int maxCount, MessageFilter filter) {
            this.key = key;
            this.offset = offset;
            this.maxCount = maxCount;
            this.filter = filter;
        }

        /** Answers with whatever the queue holds now; only the first answer counts. */
        void answer() {
            if (answer.isDone()) {
                return;
            }
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            try {
                answer.complete(store.get(key.topic(), key.queueId(), offset, maxCount, filter));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }
    }

    public PullService(MessageStore store, ScheduledExecutorService timeouts, Executor readers) {
        this.store = store;
        this.timeouts = timeouts;
        this.readers = readers;
        store.addArrivalListener(this);
    }

    /**
     * Reads up to {@code maxCount} matching messages from {@code offset}. When the queue has nothing new and
     * {@code suspend} is positive, the answer waits for an arrival or for {@code suspend} to pass.
     */
    public CompletableFuture<GetResult> pull(String topic, int queueId, long offset, int maxCount,
                                             MessageFilter filter, Duration suspend) {
        GetResult now = store.get(topic, queueId, offset, maxCount, filter);
        if (!worthWaiting(now) || suspend.isZero() || suspend.isNegative() || closed) {
            return CompletableFuture.completedFuture(now);
        }
        QueueKey key = new QueueKey(topic, queueId);
        HeldPull pull = new HeldPull(key, offset, maxCount, filter);
        held.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(pull);
        pull.timeout = timeouts.schedule(() -> release(pull), suspend.toMillis(), TimeUnit.MILLISECONDS);
        // A message may have arrived between the read and the hold: look once more so it is not missed.
        if (store.maxOffset(topic, queueId) > offset) {
            readers.execute(() -> release(pull));
        }
        return pull.answer;
    }

    /** Nothing to hand out and nothing skipped: the reader is at the end of the queue. */
    private static boolean worthWaiting(GetResult result) {
        return result.messages().isEmpty() && (result.status() == GetStatus.OFFSET_OVERFLOW_ONE
                || result.status() == GetStatus.NO_MESSAGE_IN_QUEUE
                || result.status() == GetStatus.NO_MATCHED_LOGIC_QUEUE);
    }

    private void release(HeldPull pull) {
        Queue<HeldPull> waiting = held.get(pull.key);
        if (waiting != null) {
            waiting.remove(pull);
        }
        pull.answer();
    }

    @Override
    public void onArrival(String topic, int queueId, long queueOffset, long tagsCode) {
        Queue<HeldPull> waiting = held.get(new QueueKey(topic, queueId));
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        for (HeldPull pull : List.copyOf(waiting)) {
            if (pull.offset <= queueOffset && pull.filter.matchesTagsCode(tagsCode) && waiting.remove(pull)) {
                readers.execute(pull::answer);
            }
        }
    }

    /** Number of pulls waiting now, for tests and runtime information. */
    public int heldCount() {
        return held.values().stream().mapToInt(Queue::size).sum();
    }

    /** Answers every held pull with what is there now. */
    @Override
    public void close() {
        closed = true;
        held.values().forEach(q -> {
            HeldPull p;
            while ((p = q.poll()) != null) {
                p.answer();
            }
        });
    }
}
