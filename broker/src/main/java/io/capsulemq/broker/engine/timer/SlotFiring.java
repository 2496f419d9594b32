package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Fires the due entries of one slot: reads each timer record back from the commit log, checks it is the record the
 * entry was made for, and puts its {@link TimerMessages#unwrap unwrapped} message into the store. Puts are issued
 * asynchronously and awaited in batches, so a slot's messages share the store's group commit.
 *
 * <p>When some put is refused for a reason that may pass (a full disk, say), the slot is not complete: the offsets
 * of the records that did fire are kept (at most one slot's worth) and skipped when the slot is tried again. A put
 * whose outcome is unknown makes the retry ask the store ({@link FireVerifier}).
 */
final class SlotFiring {
    private static final System.Logger LOG = System.getLogger(SlotFiring.class.getName());
    private static final int MAX_IN_FLIGHT = 1024;

    enum Outcome {
        /** Every due entry is in the store, or was dropped as undeliverable. */
        COMPLETE,
        /** Some puts were refused; try the slot again later. */
        RETRY,
        /** As RETRY, and some put's outcome is unknown: check against the store before firing again. */
        RETRY_VERIFIED
    }

    private final MessageStore store;
    private final FireVerifier verifier;
    private final BooleanSupplier halted;
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong deduplicated = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** The slot time of an incomplete attempt, and the sorted commit log offsets it fired. */
    private long retrySlot = Long.MIN_VALUE;
    private long[] retryFired = new long[0];

    private record InFlight(long timerOffset, CompletableFuture<PutResult> result) {
    }

    /** What one attempt learned. */
    private static final class Attempt {
        final List<InFlight> inFlight = new ArrayList<>();
        long[] firedOffsets = new long[64];
        int firedCount;
        boolean refused;
        boolean unknown;

        void fired(long offset) {
            if (firedCount == firedOffsets.length) {
                firedOffsets = Arrays.copyOf(firedOffsets, firedCount * 2);
            }
            firedOffsets[firedCount++] = offset;
        }
    }

    SlotFiring(MessageStore store, BooleanSupplier halted) {
        this.store = store;
        this.verifier = new FireVerifier(store);
        this.halted = halted;
    }

    /**
     * Fires the due entries of {@code slot}; with {@code verify}, each is first looked for in the store.
     *
     * @throws CancellationException when the timer is halted midway (tests simulating a crash)
     */
    Outcome fire(PersistentWheel wheel, SlotState slot, boolean verify) {
        long time = slot.slotTime();
        boolean retrying = time == retrySlot;
        Attempt attempt = new Attempt();
        wheel.forEachEntry(slot, entry -> {
            if (halted.getAsBoolean()) {
                throw new CancellationException("timer halted");
            }
            if (wheel.movesOn(entry, time)
                    || retrying && Arrays.binarySearch(retryFired, entry.commitLogOffset()) >= 0) {
                return;
            }
            MessageToStore message = messageFor(entry);
            if (message == null) {
                return;
            }
            if (verify && verifier.alreadyFired(message, entry.commitLogOffset())) {
                deduplicated.incrementAndGet();
                return;
            }
            attempt.inFlight.add(new InFlight(entry.commitLogOffset(), store.putAsync(message)));
            if (attempt.inFlight.size() >= MAX_IN_FLIGHT) {
                settle(attempt);
            }
        });
        settle(attempt);
        if (!attempt.refused && !attempt.unknown) {
            retrySlot = Long.MIN_VALUE;
            retryFired = new long[0];
            return Outcome.COMPLETE;
        }
        long[] all = Arrays.copyOf(attempt.firedOffsets, attempt.firedCount + (retrying ? retryFired.length : 0));
        if (retrying) {
            System.arraycopy(retryFired, 0, all, attempt.firedCount, retryFired.length);
        }
        Arrays.sort(all);
        retrySlot = time;
        retryFired = all;
        return attempt.unknown ? Outcome.RETRY_VERIFIED : Outcome.RETRY;
    }

    /** Whether a slot attempt is incomplete (some of its messages may be in the store already). */
    boolean hasIncompleteSlot() {
        return retrySlot != Long.MIN_VALUE;
    }

    /** The message to put for {@code entry}, or null (logged and counted) when its record cannot be delivered. */
    private MessageToStore messageFor(TimerRecord entry) {
        Optional<StoredMessage> found = store.lookAt(entry.commitLogOffset());
        if (found.isEmpty() || !isRecordOf(found.get(), entry)) {
            dropped.incrementAndGet();
            long logStart = store.minCommitLogOffset();
            LOG.log(System.Logger.Level.ERROR, "timed message at timer queue offset {0} (commit log offset {1}, due "
                    + "{2}) is no longer in the store{3}; it is lost and cannot be delivered", entry.queueOffset(),
                    entry.commitLogOffset(), Instant.ofEpochMilli(entry.dueMillis()).toString(),
                    entry.commitLogOffset() < logStart ? " (retention deleted it: the commit log now starts at "
                            + logStart + ")" : "");
            return null;
        }
        try {
            return TimerMessages.unwrap(found.get());
        } catch (IllegalArgumentException e) {
            dropped.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "timed message at commit log offset " + entry.commitLogOffset()
                    + " cannot be delivered", e);
            return null;
        }
    }

    private static boolean isRecordOf(StoredMessage m, TimerRecord entry) {
        return TimerMessages.TIMER_TOPIC.equals(m.topic()) && m.queueId() == TimerMessages.TIMER_QUEUE_ID
                && m.queueOffset() == entry.queueOffset() && m.storeSize() == entry.recordSize()
                && TimerMessages.dueMillis(m) == entry.dueMillis();
    }

    private void settle(Attempt attempt) {
        for (InFlight f : attempt.inFlight) {
            PutResult result;
            try {
                result = f.result().join();
            } catch (CompletionException | CancellationException e) {
                attempt.unknown = true;
                LOG.log(System.Logger.Level.WARNING, "firing the timer record at " + f.timerOffset() + " failed", e);
                continue;
            }
            if (result.status().isWritten()) {
                fired.incrementAndGet();
                attempt.fired(f.timerOffset());
            } else if (result.status() == PutStatus.MESSAGE_ILLEGAL
                    || result.status() == PutStatus.PROPERTIES_SIZE_EXCEEDED) {
                dropped.incrementAndGet();
                attempt.fired(f.timerOffset()); // never deliverable: do not try again
                LOG.log(System.Logger.Level.ERROR, "the store refuses the timed message from commit log offset {0}: "
                        + "{1} ({2}); it is dropped", f.timerOffset(), result.status(), result.reason());
            } else {
                attempt.refused = true;
                LOG.log(System.Logger.Level.DEBUG, "the store refused a timed message: {0} ({1})", result.status(),
                        result.reason());
            }
        }
        attempt.inFlight.clear();
    }

    long firedCount() {
        return fired.get();
    }

    long deduplicatedCount() {
        return deduplicated.get();
    }

    long droppedCount() {
        return dropped.get();
    }
}
