package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the {@link HalfLedger} from the store at start.
 *
 * <p>The latest op record names the progress P it saw: every half below P was resolved, and the op records that
 * resolved them were written before it. Every op record about a half is written after that half, in the one
 * commit log, so the op records about halves at or above P all lie after the half at P: a binary search of the
 * op queue by commit log offset finds the first, and replaying from there restores which halves at or above P
 * are resolved and how many checks the others had. Work is proportional to what happened since the oldest
 * unresolved half, not to the history of the topic. A stale or missing P (the latest record unreadable) only
 * means a longer replay, never a wrong ledger.
 */
final class LedgerRecovery {
    private static final System.Logger LOG = System.getLogger(LedgerRecovery.class.getName());
    private static final String HALF = SystemTopics.TRANSACTION_HALF;
    private static final String OP = SystemTopics.TRANSACTION_OP;
    private static final int READ_BATCH = 256;
    /** How many records back from the op queue's end to look for a readable one naming the progress. */
    private static final int TAIL_PROBES = 16;

    private final MessageStore store;

    LedgerRecovery(MessageStore store) {
        this.store = store;
    }

    HalfLedger recover() {
        long started = System.nanoTime();
        long halfMin = store.minOffset(HALF, 0);
        long halfMax = store.maxOffset(HALF, 0);
        long opMin = store.minOffset(OP, 0);
        long opMax = store.maxOffset(OP, 0);
        long progress = lastProgress(opMin, opMax).orElse(halfMin);
        if (progress < halfMin) {
            LOG.log(System.Logger.Level.ERROR, "half messages at offsets {0} to {1} are no longer stored "
                    + "(retention, the disk full); any of them not resolved is lost: it can no longer be checked or "
                    + "committed", progress, halfMin - 1);
            progress = halfMin;
        }
        if (progress > halfMax) {
            LOG.log(System.Logger.Level.ERROR, "the op log names progress {0} but the half queue ends at {1}; "
                    + "resuming from its end", progress, halfMax);
            progress = halfMax;
        }
        HalfLedger ledger = new HalfLedger(progress);
        long from = firstOpAfterHalf(progress, halfMax, opMin, opMax);
        long replayed = replay(ledger, from, opMax);
        LOG.log(System.Logger.Level.INFO, "transactions: halves resolved below offset {0} (half queue ends at {1}); "
                        + "replayed {2} op records from offset {3} in {4} ms; {5} halves checked and unresolved",
                ledger.progress(), halfMax, replayed, from,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), ledger.checkedCount());
        return ledger;
    }

    private OptionalLong lastProgress(long opMin, long opMax) {
        for (long q = opMax - 1; q >= Math.max(opMin, opMax - TAIL_PROBES); q--) {
            Optional<OpRecord> op = read(OP, q).flatMap(OpRecord::parse);
            if (op.isPresent()) {
                return OptionalLong.of(op.get().progress());
            }
        }
        if (opMax > opMin) {
            LOG.log(System.Logger.Level.ERROR, "no readable op record at the end of the op queue; replaying "
                    + "from the oldest half still stored");
        }
        return OptionalLong.empty();
    }

    /** The first op queue offset whose record was written after the half at {@code progress}. */
    private long firstOpAfterHalf(long progress, long halfMax, long opMin, long opMax) {
        if (progress >= halfMax) {
            return opMax;
        }
        Optional<StoredMessage> half = read(HALF, progress);
        if (half.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "the half at offset {0} cannot be read; replaying every op record",
                    progress);
            return opMin;
        }
        long after = half.get().commitLogOffset();
        long lo = opMin;
        long hi = opMax;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            Optional<StoredMessage> op = read(OP, mid);
            if (op.isEmpty()) {
                return opMin;
            }
            if (op.get().commitLogOffset() > after) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private long replay(HalfLedger ledger, long from, long opMax) {
        long replayed = 0;
        long expected = from;
        long offset = from;
        while (offset < opMax) {
            GetResult got = store.get(OP, 0, offset, READ_BATCH, MessageFilter.ALL);
            for (StoredMessage message : got.messages()) {
                if (message.queueOffset() > expected) {
                    unreadable(expected, message.queueOffset());
                }
                expected = message.queueOffset() + 1;
                Optional<OpRecord> op = OpRecord.parse(message);
                if (op.isPresent()) {
                    apply(ledger, op.get());
                    replayed++;
                } else {
                    LOG.log(System.Logger.Level.WARNING, "op record at offset {0} is not one this broker writes; "
                            + "ignored", message.queueOffset());
                }
            }
            if (got.nextOffset() <= offset) {
                break;
            }
            offset = got.nextOffset();
        }
        if (expected < opMax) {
            unreadable(expected, opMax);
        }
        return replayed;
    }

    private static void apply(HalfLedger ledger, OpRecord op) {
        if (op.kind().resolves()) {
            ledger.resolved(op.halfQueueOffset());
        } else {
            ledger.checked(op.halfQueueOffset(), op.checks(), op.atMillis());
        }
    }

    private static void unreadable(long from, long to) {
        // A lost commit record is caught when the half is committed again (the committed copy is looked up by
        // unique id); a lost rollback or check only means the producer is asked once more.
        LOG.log(System.Logger.Level.ERROR, "op records at offsets {0} to {1} cannot be read; the halves they "
                + "resolved will be checked again", from, to - 1);
    }

    private Optional<StoredMessage> read(String topic, long queueOffset) {
        return QueueReads.at(store, topic, queueOffset);
    }
}
