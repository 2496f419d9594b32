package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.message.ReceivedMessageView;
import io.capsulemq.client.support.Failures;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A FIFO group's consumption of one queue: one worker at a time takes the queue's messages in order, and only while
 * this consumer holds the queue's lease. A failed message is not passed: after a pause it is delivered again, up to
 * the group's maximum attempts; then it is dead-lettered and the queue moves on (a broadcasting member, whose
 * failures are its own, passes it with a warning instead of dead-lettering it for the whole group).
 */
final class OrderlyConsumption implements Consumption {
    private static final System.Logger LOG = System.getLogger(OrderlyConsumption.class.getName());
    /** The pause before a failed message is delivered again (RocketMQ's suspendCurrentQueueTimeMillis). */
    static final long SUSPEND_MILLIS = 1_000;

    private final PushContext ctx;
    private final QueueProcess process;
    private final InFlight inFlight = new InFlight();
    /** Set while a worker is queued, running or waiting out a pause: at most one at a time. */
    private final AtomicBoolean active = new AtomicBoolean();
    /** Failed deliveries of the message at the head of the queue; touched by the one worker only. */
    private int localRetries;

    OrderlyConsumption(PushContext ctx, QueueProcess process) {
        this.ctx = ctx;
        this.process = process;
    }

    @Override
    public void dispatch(List<DeliveredMessage> messages) {
        kick();
    }

    @Override
    public void leaseTaken() {
        kick();
    }

    /** Starts a worker unless one is active. */
    private void kick() {
        if (active.compareAndSet(false, true)) {
            submit();
        }
    }

    private void submit() {
        try {
            ctx.pool.execute(this::work);
        } catch (RejectedExecutionException closing) {
            active.set(false);
        }
    }

    private void work() {
        boolean pausing = false;
        inFlight.enter();
        try {
            pausing = consumeInOrder();
        } finally {
            inFlight.exit();
            if (!pausing) {
                active.set(false);
                if (process.ready() && process.cache().first() != null) {
                    kick();
                }
            }
        }
    }

    /** Consumes until the queue is empty, given up, or a failure calls for a pause; true when pausing. */
    private boolean consumeInOrder() {
        while (process.ready()) {
            DeliveredMessage m = process.cache().first();
            if (m == null) {
                return false;
            }
            ReceivedMessageView view = ReceivedMessageView.of(m, localRetries);
            if (ctx.consume(view) == ConsumeResult.SUCCESS) {
                localRetries = 0;
                process.consumed(m);
                continue;
            }
            if (view.getDeliveryAttempt() < ctx.settings().maxDeliveryAttempts()) {
                localRetries++;
                return pause();
            }
            if (!deadLetter(m, view)) {
                return pause();
            }
            localRetries = 0;
            process.consumed(m);
        }
        return false;
    }

    private boolean deadLetter(DeliveredMessage m, ReceivedMessageView view) {
        if (process.broadcasting()) {
            LOG.log(System.Logger.Level.WARNING, "{0} failed {1} times in broadcasting group {2}; passed",
                    view, view.getDeliveryAttempt(), ctx.group);
            return true;
        }
        try {
            ctx.gateway.sendBack(ctx.group, m, -1, -1).get();
            LOG.log(System.Logger.Level.WARNING, "{0} failed {1} times; moved to the dead-letter queue of {2}",
                    view, view.getDeliveryAttempt(), ctx.group);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "could not dead-letter {0}: {1}; trying again", view,
                    Failures.unwrap(e).getMessage());
            return false;
        }
    }

    private boolean pause() {
        try {
            ctx.scheduler.schedule(this::submit, SUSPEND_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Void> whenIdle() {
        return inFlight.whenIdle();
    }
}
