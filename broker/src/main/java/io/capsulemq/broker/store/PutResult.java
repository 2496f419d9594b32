package io.capsulemq.broker.store;

import java.util.List;

/**
 * What a put did. For a batch, offsets are those of its first message and {@code messageCount} says how many
 * followed it contiguously in the same queue.
 *
 * @param status          the outcome
 * @param reason          why, when not {@link PutStatus#PUT_OK}; null otherwise
 * @param commitLogOffset the first record's physical offset, or -1
 * @param queueOffset     the first message's offset in its queue, or -1
 * @param messageCount    how many messages were written
 * @param offsetMessageIds the offset message id of each written message, in order
 * @param storeTimestamp  when the store wrote them
 */
public record PutResult(PutStatus status, String reason, long commitLogOffset, long queueOffset, int messageCount,
                        List<String> offsetMessageIds, long storeTimestamp) {

    public static PutResult refused(PutStatus status, String reason) {
        return new PutResult(status, reason, -1, -1, 0, List.of(), 0);
    }

    public PutResult withStatus(PutStatus newStatus, String newReason) {
        return new PutResult(newStatus, newReason, commitLogOffset, queueOffset, messageCount, offsetMessageIds,
                storeTimestamp);
    }

    public boolean isOk() {
        return status == PutStatus.PUT_OK;
    }
}
