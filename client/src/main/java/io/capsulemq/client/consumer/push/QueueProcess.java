package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.support.Failures;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One assigned queue of a push consumer: a pull loop that long-polls the broker from the next offset while flow
 * control allows, a cache of what was pulled and not yet consumed, and the consumption that empties it. The loop
 * runs on the consumer's scheduler thread; an ordered queue of a clustering group is pulled and consumed only while
 * its lease is held (a broadcasting member reads every queue itself, so it needs none).
 */
final class QueueProcess {
    private static final System.Logger LOG = System.getLogger(QueueProcess.class.getName());
    /** How long the broker holds a pull that finds nothing new (RocketMQ's brokerSuspendMaxTimeMillis). */
    static final Duration SUSPEND = Duration.ofSeconds(15);
    static final long FLOW_CONTROL_PAUSE_MILLIS = 50;
    static final long RETRY_PAUSE_MILLIS = 1_000;

    private final PushContext ctx;
    private final QueueRef queue;
    private final SubscriptionSpec subscription;
    private final boolean orderly;
    private final boolean broadcasting;
    private final Progress progress;
    private final MessageCache cache = new MessageCache();
    private final Consumption consumption;
    private volatile boolean dropped;
    private volatile long nextOffset;
    private volatile long lastCommitted = -1;
    private String lastFailure;

    QueueProcess(PushContext ctx, QueueRef queue, SubscriptionSpec subscription, boolean orderly,
                 boolean broadcasting, Progress progress) {
        this.ctx = ctx;
        this.queue = queue;
        this.subscription = subscription;
        this.orderly = orderly;
        this.broadcasting = broadcasting;
        this.progress = progress;
        this.consumption = orderly ? new OrderlyConsumption(ctx, this) : new ConcurrentConsumption(ctx, this);
    }

    QueueRef queue() {
        return queue;
    }

    SubscriptionSpec subscription() {
        return subscription;
    }

    boolean orderly() {
        return orderly;
    }

    /** Whether this member consumes the queue for itself alone (its group broadcasts). */
    boolean broadcasting() {
        return broadcasting;
    }

    /** Whether the queue is consumed under a broker lease: ordered, and shared with other members. */
    boolean leased() {
        return orderly && !broadcasting;
    }

    MessageCache cache() {
        return cache;
    }

    boolean dropped() {
        return dropped;
    }

    /** Whether messages of this queue may be consumed now: not given up and, if leased, its lease held. */
    boolean ready() {
        return !dropped && (!leased() || ctx.leases.holds(queue));
    }

    /** Starts pulling from {@code offset}, already saved as the position. */
    void start(long offset) {
        this.nextOffset = offset;
        this.lastCommitted = offset;
        schedule(0);
    }

    void consumed(DeliveredMessage m) {
        cache.remove(m);
    }

    private void schedule(long delayMillis) {
        if (dropped) {
            return;
        }
        try {
            ctx.scheduler.schedule(this::pull, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // The consumer is closing.
        }
    }

    private void pull() {
        if (dropped) {
            return;
        }
        if (leased() && !ctx.leases.holds(queue) && !lock()) {
            schedule(RETRY_PAUSE_MILLIS);
            return;
        }
        int allowance = ctx.flow.allowance(cache);
        if (allowance <= 0) {
            schedule(FLOW_CONTROL_PAUSE_MILLIS);
            return;
        }
        long offset = nextOffset;
        ctx.gateway.pull(ctx.group, subscription, queue.queueId(), offset, allowance, SUSPEND)
                .whenCompleteAsync((outcome, failure) -> pulled(offset, outcome, failure), ctx.scheduler);
    }

    private boolean lock() {
        try {
            boolean held = ctx.leases.lock(Set.of(queue));
            if (held) {
                consumption.leaseTaken();
            }
            return held;
        } catch (RuntimeException e) {
            noteFailure("could not lock", e);
            return false;
        }
    }

    private void pulled(long offset, PullOutcome outcome, Throwable failure) {
        if (dropped) {
            return;
        }
        if (failure != null) {
            noteFailure("pull failed", failure);
            schedule(RETRY_PAUSE_MILLIS);
            return;
        }
        lastFailure = null;
        switch (outcome.status()) {
            case FOUND -> {
                cache.add(outcome.messages());
                nextOffset = outcome.nextOffset();
                consumption.dispatch(outcome.messages());
            }
            case NO_MATCHED_MESSAGE -> nextOffset = outcome.nextOffset();
            case OFFSET_ILLEGAL -> {
                LOG.log(System.Logger.Level.INFO, "offset {0} of {1} is out of range [{2}, {3}); group {4} goes on "
                        + "from {5}", offset, queue, outcome.minOffset(), outcome.maxOffset(), ctx.group,
                        outcome.nextOffset());
                nextOffset = outcome.nextOffset();
            }
            default -> {
                // Nothing new: ask again, the broker holds the pull until something arrives.
            }
        }
        schedule(0);
    }

    private void noteFailure(String what, Throwable failure) {
        String message = what + ": " + Failures.unwrap(failure).getMessage();
        if (!message.equals(lastFailure)) {
            LOG.log(System.Logger.Level.WARNING, "{0} of group {1}: {2}; trying again every second", queue,
                    ctx.group, message);
            lastFailure = message;
        }
    }

    /** Where consumption resumes on this queue: the lowest offset not yet consumed. */
    long commitPoint() {
        long next = nextOffset;
        return cache.lowestOffset().orElse(next);
    }

    /** Saves the commit point (the group's offset, or in broadcasting the member's own) if it moved. */
    void commit() {
        long point = commitPoint();
        if (point != lastCommitted) {
            progress.save(queue, point);
            lastCommitted = point;
        }
    }

    /** Stops pulling and consuming; completes when no listener call of this queue is running any more. */
    CompletableFuture<Void> stop() {
        dropped = true;
        return consumption.whenIdle();
    }

    int cachedCount() {
        return cache.count();
    }

    @Override
    public String toString() {
        return queue + (orderly ? " (ordered)" : "") + (broadcasting ? " (broadcast)" : "") + " next " + nextOffset
                + ", cached " + cache.count();
    }
}
