package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import io.capsulemq.broker.store.retention.QueueFloor;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Transactional messages: ends half messages as their producers say, asks producers about the ones left open, and
 * rolls back those never answered.
 *
 * <p><b>Storage.</b> A half waits in {@code RMQ_SYS_TRANS_HALF_TOPIC} queue 0 ({@link HalfMessages}). Commit
 * stores {@link HalfMessages#committed} in its real topic, then an op record; rollback stores only the op record.
 * Every decision (commit, rollback, check, discard) is an op record in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC}
 * ({@link OpRecord} has the layout), and the in-memory {@link HalfLedger} changes only once that record is
 * written, so the log always holds at least what the broker acted on.
 *
 * <p><b>Checks.</b> A thread of its own walks the half queue every {@code checkInterval} ({@link HalfChecker}),
 * from the progress offset below which all halves are resolved, visiting every half not resolved in queue order;
 * the progress moves only over resolved halves, so none is ever passed over. A half is asked about once older
 * than {@code timeout} (or its producer's {@code CHECK_IMMUNITY_TIME_IN_SECONDS}), then every
 * {@code checkInterval}; after {@code checkMax} unanswered checks it is rolled back and copied to
 * {@code TRANS_CHECK_MAX_TIME_TOPIC} ({@link #discarded}, {@link #resumeChecks}). With no live producer in its
 * group nothing is asked or counted (see {@link HalfChecker}).
 *
 * <p><b>Check counts</b> are op records, not re-appended halves as in RocketMQ. Re-appending gives a half a new
 * commit log offset at each check, so an answer about the offset the producer was first given and one about the
 * latest copy can each commit it; it also rewrites the whole message at each check. A count record is a message
 * of about 200 bytes, and a half keeps one offset for its life.
 *
 * <p><b>Restart.</b> {@link #start()} rebuilds the ledger from the op records ({@link LedgerRecovery}): halves
 * resolved before stay resolved (their op records are in the log before any record that moved the progress past
 * them), pending halves stay pending with their check counts, and are checked again. One window is left by two
 * writes: a commit's message stored but its op record lost to a crash. A commit of a half stored before this
 * start therefore first looks its committed copy up by unique id in the real topic (the index is rebuilt by the
 * store's recovery), and only records the commit if the copy is there; a commit is never stored twice.
 *
 * <p>Thread-safe. Resolving a half a second time is ignored; the first resolution stands.
 */
public final class TransactionService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TransactionService.class.getName());
    private static final String HALF = SystemTopics.TRANSACTION_HALF;
    /** Look-ups by store time start this much early, in case the clock stepped back between two writes. */
    private static final long CLOCK_SLACK_MILLIS = 10 * 60 * 1000L;
    /** A chain of halves put back under checks is followed at most this far. */
    private static final int MAX_RESUME_HOPS = 16;
    /** How long start waits for the store to make everything written readable through the op and half queues. */
    private static final Duration DISPATCH_WAIT = Duration.ofSeconds(60);

    /** What exists once started. */
    private record Running(HalfLedger ledger, OpLog ops, HalfChecker checker, ScheduledExecutorService thread,
                           long startLogEnd) {
    }

    private final MessageStore store;
    private final ProducerRegistry producers;
    private final TopicRegistry topics;
    private final Clock clock;
    private final Duration timeout;
    private final Duration checkInterval;
    private final int checkMax;
    private final DiscardedHalves discards;
    private volatile Running running;
    private volatile boolean closed;

    /**
     * @param timeout       how old an unresolved half must be before its producer is asked (RocketMQ's
     *                      transactionTimeout)
     * @param checkInterval how often the half queue is walked, and the least time between two checks of a half
     * @param checkMax      checks of one half before it is rolled back
     */
    public TransactionService(MessageStore store, ProducerRegistry producers, TopicRegistry topics, Clock clock,
                              Duration timeout, Duration checkInterval, int checkMax) {
        this.store = Objects.requireNonNull(store, "store");
        this.producers = Objects.requireNonNull(producers, "producers");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = requireNotNegative(timeout, "timeout");
        this.checkInterval = requireNotNegative(checkInterval, "checkInterval");
        if (checkInterval.isZero()) {
            throw new IllegalArgumentException("checkInterval must be positive");
        }
        if (checkMax < 1) {
            throw new IllegalArgumentException("checkMax must be at least 1, was " + checkMax);
        }
        this.checkMax = checkMax;
        this.discards = new DiscardedHalves(store);
    }

    /** Rebuilds what is resolved from the op records and starts the check thread. Call once, the store open. */
    public synchronized void start() {
        if (running != null || closed) {
            throw new IllegalStateException(closed ? "the transaction service is closed" : "already started");
        }
        topics.ensure(SystemTopics.TRANSACTION_HALF, 1, Permission.READ_WRITE);
        topics.ensure(SystemTopics.TRANSACTION_OP, 1, Permission.READ_WRITE);
        topics.ensure(SystemTopics.TRANSACTION_CHECK_MAX, 1, Permission.READ_WRITE);
        if (!store.awaitDispatched(DISPATCH_WAIT)) {
            // The op queue may miss its newest records: a resolved half may be asked about again, never committed
            // twice (see the class comment), so starting is still safe.
            LOG.log(System.Logger.Level.WARNING, "the store did not show every message within {0} s; starting the "
                    + "transaction service on what it shows", DISPATCH_WAIT.toSeconds());
        }
        long startLogEnd = store.maxCommitLogOffset();
        HalfLedger ledger = new LedgerRecovery(store).recover();
        OpLog ops = new OpLog(store, ledger, clock);
        HalfChecker checker = new HalfChecker(store, ledger, ops, discards, producers, clock, timeout, checkInterval,
                checkMax);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "capsule-transaction-checker");
            t.setDaemon(true);
            return t;
        });
        running = new Running(ledger, ops, checker, thread, startLogEnd);
        long millis = checkInterval.toMillis();
        thread.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the transaction of the half stored at {@code halfCommitLogOffset}. COMMIT stores the message in its real
     * topic; ROLLBACK discards it; UNKNOWN leaves it to be checked. A half already resolved is left as it is (a
     * half put back under checks by an operator is resolved through the half that replaced it).
     *
     * @param fromCheck whether this answers a check-back (logged; the outcome is the same)
     * @return completes once the resolution is stored; fails with a {@link BrokerException} if it could not be
     * @throws BrokerException NOT_FOUND when no half message is stored there, MESSAGE_ILLEGAL when the half belongs
     *                         to another producer group
     */
    public CompletableFuture<Void> end(String producerGroup, long halfCommitLogOffset,
                                       TransactionResolution resolution, boolean fromCheck) {
        Objects.requireNonNull(resolution, "resolution");
        Running r = requireRunning();
        StoredMessage half = findHalf(halfCommitLogOffset);
        String group = half.property(MessageProperties.PRODUCER_GROUP);
        if (producerGroup != null && group != null && !producerGroup.equals(group)) {
            throw new BrokerException(Reason.MESSAGE_ILLEGAL, "the half at " + halfCommitLogOffset
                    + " belongs to producer group " + group + ", not " + producerGroup);
        }
        if (resolution == TransactionResolution.UNKNOWN) {
            LOG.log(System.Logger.Level.DEBUG, "half {0} left unresolved by its producer{1}", halfCommitLogOffset,
                    fromCheck ? " on a check" : "");
            return CompletableFuture.completedFuture(null);
        }
        return resolve(r, half, resolution, fromCheck, 0);
    }

    private CompletableFuture<Void> resolve(Running r, StoredMessage half, TransactionResolution resolution,
                                            boolean fromCheck, int hops) {
        long q = half.queueOffset();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        switch (r.ledger().claim(q, mine)) {
            case RESOLVED -> {
                return resolvedAlready(r, half, resolution, fromCheck, hops);
            }
            case BUSY -> {
                // Another resolution is under way: once it ends, this one is ignored, or tried if that one failed.
                CompletableFuture<Void> other = r.ledger().claimant(q);
                CompletableFuture<Void> after = other == null ? CompletableFuture.completedFuture(null) : other;
                return after.handle((v, e) -> null)
                        .thenCompose(v -> resolve(r, half, resolution, fromCheck, hops));
            }
            default -> {
                // claimed: this call resolves the half
            }
        }
        CompletableFuture<Void> stored;
        try {
            OpRecord.Kind kind = resolution == TransactionResolution.COMMIT || r.ledger().isCopied(q)
                    ? OpRecord.Kind.COMMIT : OpRecord.Kind.ROLLBACK;
            if (kind == OpRecord.Kind.COMMIT && resolution == TransactionResolution.ROLLBACK) {
                LOG.log(System.Logger.Level.WARNING, "half {0}: rollback asked after its message was stored in {1}; "
                        + "it stays committed", half.commitLogOffset(), half.property(MessageProperties.REAL_TOPIC));
            }
            CompletableFuture<Void> copy = kind == OpRecord.Kind.COMMIT ? storeCommitted(r, half)
                    : CompletableFuture.completedFuture(null);
            stored = copy.thenCompose(v -> r.ops().write(r.ops().record(kind, half, 0)));
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((v, e) -> {
            if (e == null) {
                try {
                    r.ledger().resolved(q);
                } catch (RuntimeException bug) {
                    // Stored, but the ledger refused it: answer rather than leave the caller waiting.
                    LOG.log(System.Logger.Level.ERROR, "half " + half.commitLogOffset() + " resolved in the log "
                            + "but not in memory", bug);
                    mine.completeExceptionally(bug);
                    return;
                }
                LOG.log(System.Logger.Level.DEBUG, "half {0} {1}{2}", half.commitLogOffset(), resolution,
                        fromCheck ? " on a check" : "");
                mine.complete(null);
            } else {
                r.ledger().release(q);
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.log(System.Logger.Level.WARNING, "could not " + resolution + " half " + half.commitLogOffset()
                        + "; it stays pending", cause);
                mine.completeExceptionally(cause instanceof BrokerException ? cause
                        : new BrokerException(Reason.SYSTEM_ERROR, "could not " + resolution + " half "
                        + half.commitLogOffset() + ": " + cause));
            }
        });
        return mine;
    }

    private CompletableFuture<Void> resolvedAlready(Running r, StoredMessage half, TransactionResolution resolution,
                                                    boolean fromCheck, int hops) {
        if (hops < MAX_RESUME_HOPS) {
            Optional<Long> replacement = discards.resumedCopyOf(half);
            if (replacement.isPresent()) {
                Optional<StoredMessage> next = store.lookAt(replacement.get())
                        .filter(m -> m.topic().equals(HALF));
                if (next.isPresent()) {
                    return resolve(r, next.get(), resolution, fromCheck, hops + 1);
                }
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "half {0} is resolved already; {1}{2} ignored", half.commitLogOffset(),
                resolution, fromCheck ? " on a check" : "");
        return CompletableFuture.completedFuture(null);
    }

    /** Stores the committed message, unless an earlier run of the broker stored it and crashed before its op. */
    private CompletableFuture<Void> storeCommitted(Running r, StoredMessage half) {
        long q = half.queueOffset();
        if (r.ledger().isCopied(q)) {
            return CompletableFuture.completedFuture(null);
        }
        if (half.commitLogOffset() < r.startLogEnd() && committedBefore(half)) {
            LOG.log(System.Logger.Level.INFO, "half {0} was committed before the restart; recording it",
                    half.commitLogOffset());
            r.ledger().copied(q);
            return CompletableFuture.completedFuture(null);
        }
        return store.putAsync(HalfMessages.committed(half)).thenAccept(put -> {
            OpLog.written(put, "the committed message");
            r.ledger().copied(q);
        });
    }

    private boolean committedBefore(StoredMessage half) {
        String uniqueId = half.uniqueId();
        String topic = half.property(MessageProperties.REAL_TOPIC);
        if (uniqueId == null || uniqueId.isEmpty() || topic == null) {
            return false;
        }
        return store.lookUpByUniqueId(topic, uniqueId, Math.max(0, half.storeTimestamp() - CLOCK_SLACK_MILLIS),
                        Long.MAX_VALUE).stream()
                .anyMatch(m -> m.preparedTransactionOffset() == half.commitLogOffset()
                        && MessageSysFlag.transactionType(m.sysFlag()) == MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    }

    /** Unresolved halves, oldest first, at most {@code max}. */
    public List<PendingHalf> pending(int max) {
        Running r = requireRunning();
        long now = clock.millis();
        long end = store.maxOffset(HALF, 0);
        List<PendingHalf> out = new ArrayList<>();
        for (long q = r.ledger().nextUnresolved(0); q < end && out.size() < max; q = r.ledger().nextUnresolved(q + 1)) {
            Optional<StoredMessage> half = QueueReads.at(store, HALF, q);
            if (half.isPresent()) {
                StoredMessage h = half.get();
                out.add(new PendingHalf(h.commitLogOffset(), h.property(MessageProperties.REAL_TOPIC), h.uniqueId(),
                        h.property(MessageProperties.PRODUCER_GROUP),
                        Duration.ofMillis(Math.max(0, now - h.storeTimestamp())), r.ledger().checks(q).count()));
            }
        }
        return out;
    }

    /** Halves rolled back after {@code checkMax} unanswered checks and not put back since, oldest first. */
    public List<DiscardedHalf> discarded(int max) {
        requireRunning();
        return discards.list(max);
    }

    /**
     * Puts a discarded half back under checks: a fresh half with no checks made, first checked after the timeout.
     * A half put back already is left as it is.
     *
     * @throws BrokerException NOT_FOUND when no half stored at that offset was discarded
     */
    public void resumeChecks(long halfCommitLogOffset) {
        requireRunning();
        discards.resume(halfCommitLogOffset);
    }

    /** Runs one check pass now, on the caller's thread (tests, and an operator's "check now"). */
    HalfChecker.Pass checkNow() throws InterruptedException {
        return requireRunning().checker().run();
    }

    /**
     * The lowest commit log offset transactions still need: that of the oldest unresolved half (or, with none, of
     * the next half to come). What a restart reads lies after it too: the op records it replays and the committed
     * copies it looks up are written after the halves they concern. What the store's retention guard
     * "transactions" answers (the broker registers it before {@link #start()}): 0, everything, until the ledger is
     * rebuilt; valid after close too, naming what the next start needs. Thread-safe; reads one half. A half left
     * pending for days (its producer gone) holds back time-based retention that long; a discarded half's copy in
     * {@code TRANS_CHECK_MAX_TIME_TOPIC} is an ordinary record, kept for the reserved time only.
     */
    public long lowestNeededCommitLogOffset() {
        Running r = running;
        return r == null ? 0 : QueueFloor.lowestFrom(store, HALF, 0, r.ledger().progress());
    }

    /** The half queue offset below which every half is resolved. */
    long progress() {
        return requireRunning().ledger().progress();
    }

    /**
     * Stops the check thread (a pass under way ends at its next half) and waits for it; ends and checks are refused
     * afterwards. Resolutions under way still complete.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Running r = running;
        if (r == null) {
            return;
        }
        r.checker().stop();
        r.thread().shutdown();
        try {
            if (!r.thread().awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the transaction check thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkQuietly() {
        try {
            HalfChecker.Pass pass = requireRunning().checker().run();
            if (pass.checked() > 0 || pass.discarded() > 0) {
                LOG.log(System.Logger.Level.DEBUG, "transaction check pass: {0} checked, {1} rolled back",
                        pass.checked(), pass.discarded());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The thread must outlive one bad pass; the next one starts from the same progress.
            LOG.log(System.Logger.Level.ERROR, "transaction check pass failed; will try again", e);
        }
    }

    private StoredMessage findHalf(long commitLogOffset) {
        if (commitLogOffset < 0) {
            throw notFound(commitLogOffset);
        }
        return store.lookAt(commitLogOffset).filter(m -> m.topic().equals(HALF))
                .orElseThrow(() -> notFound(commitLogOffset));
    }

    private static BrokerException notFound(long commitLogOffset) {
        return new BrokerException(Reason.NOT_FOUND, "no half message is stored at commit log offset "
                + commitLogOffset);
    }

    private Running requireRunning() {
        Running r = running;
        if (r == null || closed) {
            throw new BrokerException(Reason.SERVICE_NOT_AVAILABLE, closed ? "the transaction service is closed"
                    : "the transaction service is not started");
        }
        return r;
    }

    private static Duration requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
        return d;
    }
}
