package io.capsulemq.broker.store.retention;

import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * For a retention guard whose owner reads a queue in order: the lowest commit log offset of the records of that
 * queue it has not read yet. A queue's records lie in the commit log in queue order, so this is the offset of the
 * first readable record at or after the owner's queue offset; when the queue holds none yet, every record still to
 * come is written at or after the log's current end. Records are readable through their queue only once dispatched,
 * so that end is trusted only after dispatch has caught up with it.
 */
public final class QueueFloor {
    /** How long a guard waits for dispatch before it gives up and holds back everything for the round. */
    private static final Duration DISPATCH_WAIT = Duration.ofSeconds(1);

    private QueueFloor() {
    }

    /**
     * The lowest commit log offset of the records of ({@code topic}, {@code queueId}) at or after
     * {@code queueOffset}, present or to come; 0 (everything) when it cannot be told.
     */
    public static long lowestFrom(MessageStore store, String topic, int queueId, long queueOffset) {
        OptionalLong found = firstReadable(store, topic, queueId, queueOffset);
        if (found.isPresent()) {
            return found.getAsLong();
        }
        long end = store.maxCommitLogOffset();
        if (!store.awaitDispatched(DISPATCH_WAIT)) {
            return 0;
        }
        // Everything written before end is now in its queue: a record of this queue not there is written later.
        found = firstReadable(store, topic, queueId, queueOffset);
        return found.isPresent() ? found.getAsLong() : end;
    }

    private static OptionalLong firstReadable(MessageStore store, String topic, int queueId, long queueOffset) {
        long from = queueOffset;
        while (true) {
            GetResult got = store.get(topic, queueId, from, 1, MessageFilter.ALL);
            switch (got.status()) {
                case FOUND -> {
                    return OptionalLong.of(got.messages().get(0).commitLogOffset());
                }
                case OFFSET_TOO_SMALL, OFFSET_FOUND_NULL, NO_MATCHED_MESSAGE -> {
                    // Below the queue's minimum, or a stretch of unreadable records: look on from where it ends.
                    if (got.nextOffset() <= from || got.nextOffset() >= got.maxOffset()) {
                        return OptionalLong.empty();
                    }
                    from = got.nextOffset();
                }
                case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE, OFFSET_OVERFLOW_ONE, OFFSET_OVERFLOW_BADLY -> {
                    return OptionalLong.empty();
                }
                default -> {
                    // Closed store, or a status this reader does not know: claim everything.
                    return OptionalLong.of(0);
                }
            }
        }
    }
}
