package io.capsulemq.client.gateway;

import java.util.List;

/**
 * What a pull found in one queue and where the next pull should start.
 *
 * @param nextOffset where the next pull of the queue starts (past messages the filter skipped, or corrected when
 *                   the requested offset was out of range)
 */
public record PullOutcome(Status status, List<DeliveredMessage> messages, long nextOffset, long minOffset,
                          long maxOffset) {
    /** The kinds of answer a pull gets. */
    public enum Status {
        FOUND,
        /** Nothing new at the end of the queue (the wait, if any, ran out). */
        NO_NEW_MESSAGE,
        /** Messages were there but none matched the filter. */
        NO_MATCHED_MESSAGE,
        /** The offset was outside the queue; {@code nextOffset} is where to go on. */
        OFFSET_ILLEGAL
    }

    public PullOutcome {
        messages = List.copyOf(messages);
    }
}
