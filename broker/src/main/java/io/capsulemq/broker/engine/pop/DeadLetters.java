package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.pop.JournalRecord.Done;
import io.capsulemq.broker.engine.pop.JournalRecord.Outcome;
import io.capsulemq.broker.engine.retry.RetryService;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Moves in-flight messages whose last delivery timed out to the group's dead-letter topic (through
 * {@link RetryService#sendBack}, so dead letters look alike whichever way they came), then takes them out of
 * flight. The dead letter is stored before the record that removes the message from flight, so a crash in between
 * can only dead-letter it twice, never lose it.
 */
final class DeadLetters {
    private static final System.Logger LOG = System.getLogger(DeadLetters.class.getName());

    private final InFlightTable table;
    private final RetryService retries;
    private final Clock clock;
    private final BiConsumer<String, String> moved;

    /** @param moved told (group, topic) after messages left flight, so that receives held behind them wake */
    DeadLetters(InFlightTable table, RetryService retries, Clock clock, BiConsumer<String, String> moved) {
        this.table = table;
        this.retries = retries;
        this.clock = clock;
        this.moved = moved;
    }

    /** Whether the queue has visible messages that had their last delivery and nobody is moving yet. */
    boolean due(QueueState q, int maxDeliveries) {
        synchronized (q) {
            long now = clock.millis();
            return q.nextVisibleAtMillis() <= now
                    && q.visible(now).stream().anyMatch(e -> e.attempt >= maxDeliveries && !e.deadLettering);
        }
    }

    /**
     * Dead-letters the queue's visible messages that had their last delivery; returns how many left flight. Blocks
     * while the dead letters are stored; a message whose dead letter fails stays in flight and is tried again later.
     */
    int moveDue(QueueState q, int maxDeliveries) {
        List<InFlight> claimed = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        synchronized (q) {
            long now = clock.millis();
            if (q.nextVisibleAtMillis() > now) {
                return 0;
            }
            for (InFlight e : q.visible(now)) {
                if (e.attempt >= maxDeliveries && q.claimForDeadLetter(e)) {
                    claimed.add(e);
                    attempts.add(e.attempt);
                }
            }
        }
        int count = 0;
        for (int i = 0; i < claimed.size(); i++) {
            if (move(q, claimed.get(i), attempts.get(i))) {
                count++;
            }
        }
        if (count > 0) {
            moved.accept(q.key.group(), q.key.topic());
        }
        return count;
    }

    private boolean move(QueueState q, InFlight entry, int attempts) {
        QueueKey key = q.key;
        boolean stored;
        try {
            Optional<StoredMessage> message = table.read(key, entry);
            if (message.isPresent()) {
                retries.sendBack(key.group(), afterAttempts(message.get(), attempts), -1, 0).join();
                LOG.log(System.Logger.Level.INFO, "message {0} of {1} at offset {2} dead-lettered after {3} "
                        + "deliveries", message.get().uniqueId(), key, entry.queueOffset, attempts);
            } else {
                LOG.log(System.Logger.Level.WARNING, "message of {0} at offset {1} is no longer in the store; "
                        + "dropped instead of dead-lettered", key, entry.queueOffset);
            }
            stored = true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "could not dead-letter the message of " + key + " at offset "
                    + entry.queueOffset + "; will try again", e);
            stored = false;
        }
        synchronized (q) {
            if (!stored) {
                q.releaseDeadLetter(entry);
                return false;
            }
            if (q.get(entry.queueOffset) != entry) {
                return false; // the group's offset was reset meanwhile
            }
            q.remove(entry.queueOffset);
            long offset = entry.queueOffset;
            table.record(q, new Done(table.nextSeq(), key, offset, Outcome.DEAD_LETTERED)).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.WARNING, "dead letter of " + key + " at offset " + offset
                            + " is not journaled; after a restart it may be dead-lettered again", e);
                }
            });
            return true;
        }
    }

    /** The message as its dead letter describes it: the reconsume count includes these deliveries' retries. */
    private static StoredMessage afterAttempts(StoredMessage m, int attempts) {
        return new StoredMessage(m.topic(), m.queueId(), m.flag(), m.queueOffset(), m.commitLogOffset(),
                m.storeSize(), m.sysFlag(), m.bornTimestamp(), m.bornHost(), m.storeTimestamp(), m.storeHost(),
                m.reconsumeTimes() + attempts - 1, m.preparedTransactionOffset(), m.body(), m.properties());
    }
}
