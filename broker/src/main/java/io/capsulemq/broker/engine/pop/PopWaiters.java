package io.capsulemq.broker.engine.pop;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long polling for pops: a receive that found nothing waits here until something it could take may be there (a
 * message arrived in one of its topic's queues, a message of its group became visible again, a FIFO queue was
 * released) or its poll time runs out. Each wake-up tries the pop again on the reader executor, never on the
 * thread that signalled; a try that finds nothing (another consumer was faster) keeps waiting.
 */
final class PopWaiters {
    private static final System.Logger LOG = System.getLogger(PopWaiters.class.getName());

    /** Tries a pop now: a future of what it took, or null when there was nothing to take. */
    @FunctionalInterface
    interface Taker {
        CompletableFuture<List<PoppedMessage>> takeNow(PopRequest request);
    }

    private final Taker taker;
    private final ScheduledExecutorService timeouts;
    private final Executor readers;
    private final ConcurrentMap<String, Set<Waiter>> byTopic = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PopWaiters(Taker taker, ScheduledExecutorService timeouts, Executor readers) {
        this.taker = taker;
        this.timeouts = timeouts;
        this.readers = readers;
    }

    /** Waits up to {@code pollTime} for the request to take something; completes with an empty list otherwise. */
    CompletableFuture<List<PoppedMessage>> hold(PopRequest request, Duration pollTime) {
        Waiter waiter = new Waiter(request);
        if (closed) {
            return CompletableFuture.completedFuture(List.of());
        }
        byTopic.computeIfAbsent(request.topic(), t -> ConcurrentHashMap.newKeySet()).add(waiter);
        try {
            waiter.timeout = timeouts.schedule(waiter::expire, pollTime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            waiter.expire(); // the broker is stopping
            return waiter.answer;
        }
        // Something may have come between the caller's own try and the registration: look once more.
        waiter.signal();
        if (closed) {
            waiter.expire();
        }
        return waiter.answer;
    }

    /** A message arrived in a queue of {@code topic}; wakes the waiters whose filter may want it. */
    void arrived(String topic, long tagsCode) {
        Set<Waiter> waiting = byTopic.get(topic);
        if (waiting == null) {
            return;
        }
        for (Waiter w : waiting) {
            if (w.request.filter().matchesTagsCode(tagsCode)) {
                w.signal();
            }
        }
    }

    /** Messages of this group on this topic may have become available; wakes its waiters. */
    void wake(String group, String topic) {
        Set<Waiter> waiting = byTopic.get(topic);
        if (waiting == null) {
            return;
        }
        for (Waiter w : waiting) {
            if (w.request.group().equals(group)) {
                w.signal();
            }
        }
    }

    /** Whether any receive of this group on this topic is waiting. */
    boolean waiting(String group, String topic) {
        Set<Waiter> waiting = byTopic.get(topic);
        return waiting != null && waiting.stream().anyMatch(w -> w.request.group().equals(group));
    }

    int heldCount() {
        return byTopic.values().stream().mapToInt(Set::size).sum();
    }

    /** Answers every waiting receive with an empty list; later ones are answered at once. */
    void closeAll() {
        closed = true;
        byTopic.values().forEach(set -> set.forEach(Waiter::expire));
    }

    private void remove(Waiter waiter) {
        byTopic.computeIfPresent(waiter.request.topic(), (t, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    private final class Waiter {
        final PopRequest request;
        final CompletableFuture<List<PoppedMessage>> answer = new CompletableFuture<>();
        /** Signals not yet looked at; the thread that raises it from 0 runs the tries. */
        final AtomicInteger signals = new AtomicInteger();
        volatile ScheduledFuture<?> timeout;
        /** Guarded by this. */
        boolean done;

        Waiter(PopRequest request) {
            this.request = request;
        }

        void signal() {
            if (signals.getAndIncrement() == 0) {
                try {
                    readers.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    expire();
                }
            }
        }

        private void drain() {
            int seen;
            do {
                seen = signals.get();
                if (tryAnswer()) {
                    return;
                }
            } while (signals.addAndGet(-seen) != 0);
        }

        /** True once answered, by this try or before. */
        private synchronized boolean tryAnswer() {
            if (done) {
                return true;
            }
            CompletableFuture<List<PoppedMessage>> taken;
            try {
                taken = taker.takeNow(request);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a waiting receive of group " + request.group() + " on "
                        + request.topic() + " failed", e);
                finish();
                answer.completeExceptionally(e);
                return true;
            }
            if (taken == null) {
                return false;
            }
            finish();
            taken.whenComplete((messages, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(messages);
                }
            });
            return true;
        }

        synchronized void expire() {
            if (!done) {
                finish();
                answer.complete(List.of());
            }
        }

        private void finish() {
            done = true;
            remove(this);
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
