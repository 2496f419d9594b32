package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The halves rolled back because their producer never answered: each is copied into the check-max topic
 * ({@code TRANS_CHECK_MAX_TIME_TOPIC}, queue 0, as RocketMQ keeps them) with the checks made and the half's commit
 * log offset, where an operator can list them and put one back under checks.
 *
 * <p>Putting one back stores a fresh half (a new commit log offset, no checks made) naming the discarded one in
 * {@link HalfMessages#RESUMED_FROM}. That new half is the record that the discarded one was resumed: it is found
 * by the unique id index, so nothing else needs to remember it across a restart.
 */
final class DiscardedHalves {
    private static final System.Logger LOG = System.getLogger(DiscardedHalves.class.getName());
    private static final String TOPIC = SystemTopics.TRANSACTION_CHECK_MAX;
    private static final int READ_BATCH = 256;
    /** Look-ups by store time start this much early, in case the clock stepped back between two writes. */
    private static final long CLOCK_SLACK_MILLIS = 10 * 60 * 1000L;

    private final MessageStore store;
    /** Copies written by this process, by commit log offset, until the check-max queue shows them. */
    private final Set<Long> recentCopies = new ConcurrentSkipListSet<>();
    /** Halves resumed by this process (the index may not show the new half yet): old offset to new offset. */
    private final Map<Long, Long> resumed = new ConcurrentHashMap<>();

    DiscardedHalves(MessageStore store) {
        this.store = store;
    }

    /** Keeps the copy of a half about to be rolled back after {@code checks} unanswered checks. */
    CompletableFuture<Void> keep(StoredMessage half, int checks) {
        return store.putAsync(HalfMessages.discarded(half, checks))
                .thenAccept(r -> recentCopies.add(OpLog.written(r, "the discarded half").commitLogOffset()));
    }

    /** Discarded halves not put back under checks, oldest first. */
    List<DiscardedHalf> list(int max) {
        List<DiscardedHalf> out = new ArrayList<>();
        for (StoredMessage copy : copies()) {
            if (out.size() >= max) {
                break;
            }
            long halfOffset = halfOffsetOf(copy);
            if (resumedCopyOf(halfOffset, copy.uniqueId(), copy.storeTimestamp()).isEmpty()) {
                out.add(new DiscardedHalf(halfOffset, copy.property(MessageProperties.REAL_TOPIC), copy.uniqueId(),
                        copy.property(MessageProperties.PRODUCER_GROUP), checksOf(copy),
                        Instant.ofEpochMilli(copy.storeTimestamp())));
            }
        }
        return out;
    }

    /**
     * Puts the discarded half stored at {@code halfCommitLogOffset} back under checks; a half already put back is
     * left as it is. Returns the commit log offset of the half now under checks.
     */
    synchronized long resume(long halfCommitLogOffset) {
        StoredMessage copy = copies().stream().filter(c -> halfOffsetOf(c) == halfCommitLogOffset).findFirst()
                .orElseThrow(() -> new BrokerException(Reason.NOT_FOUND, "no half message stored at commit log "
                        + "offset " + halfCommitLogOffset + " was discarded"));
        Optional<Long> already = resumedCopyOf(halfCommitLogOffset, copy.uniqueId(), copy.storeTimestamp());
        if (already.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "half at {0} was put back under checks already, as {1}",
                    halfCommitLogOffset, already.get());
            return already.get();
        }
        PutResult put = OpLog.written(store.put(HalfMessages.resumed(copy)), "the resumed half");
        resumed.put(halfCommitLogOffset, put.commitLogOffset());
        LOG.log(System.Logger.Level.INFO, "half {0} of group {1} for topic {2} (was at {3}) is back under checks "
                        + "at {4}", copy.uniqueId(), copy.property(MessageProperties.PRODUCER_GROUP),
                copy.property(MessageProperties.REAL_TOPIC), halfCommitLogOffset, put.commitLogOffset());
        return put.commitLogOffset();
    }

    /** The half that replaced {@code half} when it was put back under checks, if it was. */
    Optional<Long> resumedCopyOf(StoredMessage half) {
        return resumedCopyOf(half.commitLogOffset(), half.uniqueId(), half.storeTimestamp());
    }

    private Optional<Long> resumedCopyOf(long halfOffset, String uniqueId, long sinceMillis) {
        Long here = resumed.get(halfOffset);
        if (here != null) {
            return Optional.of(here);
        }
        if (uniqueId == null || uniqueId.isEmpty()) {
            return Optional.empty();
        }
        String named = Long.toString(halfOffset);
        return store.lookUpByUniqueId(SystemTopics.TRANSACTION_HALF, uniqueId,
                        Math.max(0, sinceMillis - CLOCK_SLACK_MILLIS), Long.MAX_VALUE).stream()
                .filter(m -> named.equals(m.property(HalfMessages.RESUMED_FROM)))
                .map(StoredMessage::commitLogOffset)
                .min(Comparator.naturalOrder());
    }

    /** Every copy in the check-max topic, one per half (a crash mid-discard may have left two), oldest first. */
    private List<StoredMessage> copies() {
        Map<Long, StoredMessage> byHalf = new LinkedHashMap<>();
        long offset = store.minOffset(TOPIC, 0);
        long max = store.maxOffset(TOPIC, 0);
        while (offset < max) {
            GetResult got = store.get(TOPIC, 0, offset, READ_BATCH, MessageFilter.ALL);
            for (StoredMessage copy : got.messages()) {
                recentCopies.remove(copy.commitLogOffset());
                addCopy(byHalf, copy);
            }
            if (got.nextOffset() <= offset) {
                break;
            }
            offset = got.nextOffset();
        }
        for (long recent : recentCopies) {
            store.lookAt(recent).ifPresent(copy -> addCopy(byHalf, copy));
        }
        List<StoredMessage> all = new ArrayList<>(byHalf.values());
        all.sort(Comparator.comparingLong(StoredMessage::commitLogOffset));
        return all;
    }

    private static void addCopy(Map<Long, StoredMessage> byHalf, StoredMessage copy) {
        long halfOffset = halfOffsetOf(copy);
        if (halfOffset >= 0) {
            byHalf.putIfAbsent(halfOffset, copy);
        }
    }

    private static long halfOffsetOf(StoredMessage copy) {
        try {
            return Long.parseLong(copy.property(HalfMessages.DISCARDED_HALF));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int checksOf(StoredMessage copy) {
        try {
            return Integer.parseInt(copy.property(HalfMessages.CHECK_TIMES));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
