package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.message.ReceivedMessageView;
import io.capsulemq.client.support.Failures;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Each message goes to the listener on its own pool thread. A failed message is handed back to the broker, which
 * retries it later from the group's retry topic (or dead-letters it after the group's maximum); if even that fails
 * the message is consumed again here a second later. A broadcasting member does not hand a failure back (the retry
 * would reach the whole group): as RocketMQ's broadcasting consumers do, it logs the failure and goes on.
 */
final class ConcurrentConsumption implements Consumption {
    private static final System.Logger LOG = System.getLogger(ConcurrentConsumption.class.getName());
    private static final long LOCAL_RETRY_MILLIS = 1_000;

    private final PushContext ctx;
    private final QueueProcess process;
    private final InFlight inFlight = new InFlight();

    ConcurrentConsumption(PushContext ctx, QueueProcess process) {
        this.ctx = ctx;
        this.process = process;
    }

    @Override
    public void dispatch(List<DeliveredMessage> messages) {
        for (DeliveredMessage m : messages) {
            submit(m, 0);
        }
    }

    private void submit(DeliveredMessage m, int localRetries) {
        try {
            ctx.pool.execute(() -> consume(m, localRetries));
        } catch (RejectedExecutionException closing) {
            // The consumer is closing: the message stays unconsumed and its offset uncommitted.
        }
    }

    private void consume(DeliveredMessage m, int localRetries) {
        if (process.dropped()) {
            return;
        }
        inFlight.enter();
        try {
            ConsumeResult result = ctx.consume(ReceivedMessageView.of(m, localRetries));
            if (result == ConsumeResult.SUCCESS) {
                process.consumed(m);
            } else {
                handBack(m, localRetries);
            }
        } finally {
            inFlight.exit();
        }
    }

    private void handBack(DeliveredMessage m, int localRetries) {
        if (process.broadcasting()) {
            LOG.log(System.Logger.Level.WARNING, "{0} failed in broadcasting group {1}; broadcast messages are not "
                    + "retried, so it is passed", ReceivedMessageView.of(m, localRetries), ctx.group);
            process.consumed(m);
            return;
        }
        ctx.gateway.sendBack(ctx.group, m, 0, -1).whenComplete((v, failure) -> {
            if (failure == null) {
                process.consumed(m);
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "could not hand failed message {0}#{1}@{2} back to the broker "
                    + "({3}); consuming it again here", m.topic(), m.queueId(), m.queueOffset(),
                    Failures.unwrap(failure).getMessage());
            try {
                ctx.scheduler.schedule(() -> submit(m, localRetries + 1), LOCAL_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // Closing: the message stays uncommitted and comes back to the group.
            }
        });
    }

    @Override
    public CompletableFuture<Void> whenIdle() {
        return inFlight.whenIdle();
    }
}
