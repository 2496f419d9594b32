package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pass over the half queue: every half not yet resolved, in queue order from the ledger's progress, is asked
 * about if it is due, or rolled back if it was asked the maximum number of times without an answer.
 *
 * <p>A half is due once it is older than the timeout (or the producer's own first-check delay) and, if it was
 * checked before, once the check interval has passed since. Each check is counted by an op record written before
 * the producer is asked, so counts survive a restart; checks due in one pass are written as one batch.
 *
 * <p>When no producer of the half's group is live, nothing is asked and nothing is counted: the half waits for
 * the next pass. Counting would roll back, after {@code checkMax} intervals of producer downtime, transactions
 * whose local part may have committed; not counting keeps such a half pending (and listed, and warned about at
 * every pass) until a producer of its group returns.
 */
final class HalfChecker {
    private static final System.Logger LOG = System.getLogger(HalfChecker.class.getName());
    private static final String HALF = SystemTopics.TRANSACTION_HALF;
    private static final int CHECK_BATCH = 128;
    private static final long STORE_WAIT_SECONDS = 60;
    /** Lost halves named one by one in the log; the rest are counted. */
    private static final int MAX_NAMED_LOST = 32;

    /** What one pass did. */
    record Pass(int checked, int discarded, int waitingForProducer) {
    }

    private record Due(StoredMessage half, String group, ClientConnection producer, int check) {
    }

    private final MessageStore store;
    private final HalfLedger ledger;
    private final OpLog ops;
    private final DiscardedHalves discards;
    private final ProducerRegistry producers;
    private final Clock clock;
    private final Duration timeout;
    private final Duration interval;
    private final int checkMax;
    private volatile boolean stopped;

    HalfChecker(MessageStore store, HalfLedger ledger, OpLog ops, DiscardedHalves discards,
                ProducerRegistry producers, Clock clock, Duration timeout, Duration interval, int checkMax) {
        this.store = store;
        this.ledger = ledger;
        this.ops = ops;
        this.discards = discards;
        this.producers = producers;
        this.clock = clock;
        this.timeout = timeout;
        this.interval = interval;
        this.checkMax = checkMax;
    }

    /**
     * Stops the pass under way at the next half, and any later one at its start. (The check thread is never
     * interrupted: an interrupt during a read would close the store's file channel under everyone.)
     */
    void stop() {
        stopped = true;
    }

    /** Runs one pass; one at a time. Stopping ends it early, leaving what it did not reach for later. */
    synchronized Pass run() throws InterruptedException {
        long now = clock.millis();
        long min = store.minOffset(HALF, 0);
        long max = store.maxOffset(HALF, 0);
        if (ledger.progress() < min) {
            reportLost(min);
            ledger.skipTo(min);
        }
        List<Due> due = new ArrayList<>();
        Map<String, Integer> waiting = new TreeMap<>();
        int checked = 0;
        int discarded = 0;
        for (long q = ledger.nextUnresolved(0); q < max; q = ledger.nextUnresolved(q + 1)) {
            if (stopped) {
                break;
            }
            if (ledger.isClaimed(q)) {
                continue;
            }
            Optional<StoredMessage> read = QueueReads.at(store, HALF, q);
            if (read.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, "the half at offset {0} cannot be read; it holds back the check "
                        + "progress until it can", q);
                continue;
            }
            StoredMessage half = read.get();
            if (now < HalfMessages.firstCheckMillis(half, timeout)) {
                continue;
            }
            HalfLedger.Checks checks = ledger.checks(q);
            if (checks.count() > 0 && now - checks.lastMillis() < interval.toMillis()) {
                continue;
            }
            if (checks.count() >= checkMax) {
                discarded += discard(half, checks.count()) ? 1 : 0;
                continue;
            }
            String group = half.property(MessageProperties.PRODUCER_GROUP);
            Optional<ClientConnection> producer = group == null ? Optional.empty() : producers.anyLive(group);
            if (producer.isEmpty()) {
                waiting.merge(String.valueOf(group), 1, Integer::sum);
                continue;
            }
            due.add(new Due(half, group, producer.get(), checks.count() + 1));
            if (due.size() == CHECK_BATCH) {
                checked += checkBack(due);
                due.clear();
            }
        }
        checked += checkBack(due);
        waiting.forEach((group, count) -> LOG.log(System.Logger.Level.WARNING, "no live producer of group {0} to "
                + "ask about {1} half messages; asking again in {2} s", group, count, interval.toSeconds()));
        int waitingTotal = waiting.values().stream().mapToInt(Integer::intValue).sum();
        return new Pass(checked, discarded, waitingTotal);
    }

    /** Logs the unresolved halves below {@code min}: retention deleted them (only a full disk makes it). */
    private void reportLost(long min) {
        List<Long> named = new ArrayList<>();
        long lost = 0;
        for (long q = ledger.nextUnresolved(0); q < min; q = ledger.nextUnresolved(q + 1)) {
            if (named.size() < MAX_NAMED_LOST) {
                named.add(q);
            }
            lost++;
        }
        if (lost > 0) {
            LOG.log(System.Logger.Level.ERROR, "{0} unresolved half messages were deleted by retention (disk pressure) "
                    + "and are lost: they can no longer be checked or committed; half queue offsets {1}{2}",
                    lost, named, lost > named.size() ? " and " + (lost - named.size()) + " more" : "");
        }
    }

    /** Counts the checks in one op batch, then asks the producers; nothing is asked if the count is not stored. */
    private int checkBack(List<Due> due) throws InterruptedException {
        if (due.isEmpty()) {
            return 0;
        }
        List<OpRecord> records = due.stream().map(d -> ops.record(OpRecord.Kind.CHECK, d.half(), d.check())).toList();
        try {
            await(ops.write(records));
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.ERROR, "could not record " + due.size() + " transaction checks; they are "
                    + "not sent and will be tried at the next pass", cause(e));
            return 0;
        }
        for (int i = 0; i < due.size(); i++) {
            ledger.checked(due.get(i).half().queueOffset(), due.get(i).check(), records.get(i).atMillis());
        }
        for (Due d : due) {
            try {
                d.producer().checkTransactionState(d.group(), HalfMessages.asSent(d.half(), d.check()),
                        HalfMessages.transactionId(d.half()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "asking producer " + d.producer().clientId() + " of group "
                        + d.group() + " about half " + d.half().commitLogOffset() + " failed", e);
            }
        }
        return due.size();
    }

    /** Rolls back a half asked {@code checks} times without an answer, keeping its copy for the operator. */
    private boolean discard(StoredMessage half, int checks) throws InterruptedException {
        long q = half.queueOffset();
        CompletableFuture<Void> resolution = new CompletableFuture<>();
        if (ledger.claim(q, resolution) != HalfLedger.Claim.CLAIMED) {
            return false;
        }
        try {
            await(discards.keep(half, checks)
                    .thenCompose(v -> ops.write(ops.record(OpRecord.Kind.DISCARD, half, checks))));
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            ledger.release(q);
            resolution.completeExceptionally(cause(e));
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            LOG.log(System.Logger.Level.ERROR, "could not roll back half " + half.commitLogOffset() + " after "
                    + checks + " checks; will try again at the next pass", cause(e));
            return false;
        }
        ledger.resolved(q);
        resolution.complete(null);
        LOG.log(System.Logger.Level.WARNING, "half {0} of group {1} for topic {2} (at {3}) rolled back: no answer "
                        + "after {4} checks; kept in {5}", half.uniqueId(),
                half.property(MessageProperties.PRODUCER_GROUP), half.property(MessageProperties.REAL_TOPIC),
                half.commitLogOffset(), checks, SystemTopics.TRANSACTION_CHECK_MAX);
        return true;
    }

    private static void await(CompletableFuture<?> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        future.get(STORE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable cause(Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }
}
