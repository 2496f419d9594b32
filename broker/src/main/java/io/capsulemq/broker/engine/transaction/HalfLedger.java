package io.capsulemq.broker.engine.transaction;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker knows, in memory, about the halves of the half queue: a progress offset below which every half
 * is resolved, which halves at or above it are resolved, the checks made of the others, and which are being
 * resolved right now. Rebuilt from the op records at start ({@link LedgerRecovery}); changed only after the op
 * record that justifies the change is written, so it never runs ahead of the log. Thread-safe.
 *
 * <p>Resolved halves above the progress take one bit each, so a half left unresolved for long (its producer gone)
 * holds back the progress at little cost: a million later halves take 125 KB.
 */
final class HalfLedger {
    /** What {@link #claim} found. */
    enum Claim {
        /** The caller now resolves the half and must end with {@link #resolved} or {@link #release}. */
        CLAIMED,
        /** The half is resolved already. */
        RESOLVED,
        /** Another resolution of the half is under way; {@link #claimant} is its future. */
        BUSY
    }

    /** Checks made of an unresolved half and when the last was sent (epoch millis). */
    record Checks(int count, long lastMillis) {
        static final Checks NONE = new Checks(0, Long.MIN_VALUE);
    }

    /** The bit set is re-based once the progress has moved this far past its base. */
    private static final int REBASE_DISTANCE = 1 << 16;

    private long progress;
    private long base;
    private BitSet resolved = new BitSet();
    private final Map<Long, Checks> checks = new HashMap<>();
    private final Map<Long, CompletableFuture<Void>> claims = new HashMap<>();
    private final Set<Long> copied = new HashSet<>();

    HalfLedger(long progress) {
        this.progress = progress;
        this.base = progress;
    }

    /** The half queue offset below which every half is resolved. */
    synchronized long progress() {
        return progress;
    }

    synchronized boolean isResolved(long queueOffset) {
        return queueOffset < progress || resolved.get(index(queueOffset));
    }

    /** The first offset at or after {@code from} (and the progress) whose half is not resolved. */
    synchronized long nextUnresolved(long from) {
        long start = Math.max(from, progress);
        return base + resolved.nextClearBit(index(start));
    }

    /** Records that a half is resolved (committed, rolled back or discarded) and moves the progress past it. */
    synchronized void resolved(long queueOffset) {
        claims.remove(queueOffset);
        checks.remove(queueOffset);
        copied.remove(queueOffset);
        if (queueOffset < progress) {
            return;
        }
        resolved.set(index(queueOffset));
        advance();
    }

    /** Takes the half for one resolution unless it is resolved or another resolution holds it. */
    synchronized Claim claim(long queueOffset, CompletableFuture<Void> resolution) {
        if (isResolved(queueOffset)) {
            return Claim.RESOLVED;
        }
        if (claims.containsKey(queueOffset)) {
            return Claim.BUSY;
        }
        claims.put(queueOffset, resolution);
        return Claim.CLAIMED;
    }

    /** The resolution under way for the half; null when none is (any more). */
    synchronized CompletableFuture<Void> claimant(long queueOffset) {
        return claims.get(queueOffset);
    }

    synchronized boolean isClaimed(long queueOffset) {
        return claims.containsKey(queueOffset);
    }

    /** Gives the half back unresolved: its resolution failed and a later answer or check may try again. */
    synchronized void release(long queueOffset) {
        claims.remove(queueOffset);
    }

    /** Checks of an unresolved half so far. */
    synchronized Checks checks(long queueOffset) {
        return checks.getOrDefault(queueOffset, Checks.NONE);
    }

    /** Records a check-back (its op record written); ignored once the half is resolved. */
    synchronized void checked(long queueOffset, int count, long atMillis) {
        if (isResolved(queueOffset)) {
            return;
        }
        Checks before = checks.getOrDefault(queueOffset, Checks.NONE);
        checks.put(queueOffset, new Checks(Math.max(before.count(), count), Math.max(before.lastMillis(), atMillis)));
    }

    /** The committed copy of this half is in its topic; only the op record is missing. */
    synchronized void copied(long queueOffset) {
        if (!isResolved(queueOffset)) {
            copied.add(queueOffset);
        }
    }

    synchronized boolean isCopied(long queueOffset) {
        return copied.contains(queueOffset);
    }

    /** Moves the progress to {@code queueOffset}: the halves below it are gone from the store. */
    synchronized void skipTo(long queueOffset) {
        if (queueOffset <= progress) {
            return;
        }
        progress = queueOffset;
        rebase();
        advance();
    }

    /** Unresolved halves with checks recorded (for tests and diagnostics). */
    synchronized int checkedCount() {
        return checks.size();
    }

    private void advance() {
        progress = base + resolved.nextClearBit(index(progress));
        if (progress - base >= REBASE_DISTANCE) {
            rebase();
        }
    }

    private void rebase() {
        int from = index(progress);
        resolved = from >= resolved.length() ? new BitSet() : resolved.get(from, resolved.length());
        base = progress;
        checks.keySet().removeIf(q -> q < progress);
        copied.removeIf(q -> q < progress);
    }

    private int index(long queueOffset) {
        long i = queueOffset - base;
        if (i < 0 || i > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("half queue offset " + queueOffset + " is out of the ledger's range from "
                    + base);
        }
        return (int) i;
    }
}
