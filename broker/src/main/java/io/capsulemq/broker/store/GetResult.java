package io.capsulemq.broker.store;

import java.util.List;

/**
 * Messages read from one queue.
 *
 * @param status     the outcome
 * @param messages   what matched, in queue order
 * @param nextOffset where the next read of this queue should start
 * @param minOffset  the queue's smallest offset still stored
 * @param maxOffset  the queue's next offset to be written
 */
public record GetResult(GetStatus status, List<StoredMessage> messages, long nextOffset, long minOffset,
                        long maxOffset) {

    public static GetResult empty(GetStatus status, long nextOffset, long minOffset, long maxOffset) {
        return new GetResult(status, List.of(), nextOffset, minOffset, maxOffset);
    }
}
