package io.capsulemq.broker.engine.transaction;

import java.time.Instant;

/**
 * A half message rolled back because its producer gave no answer in the allowed number of checks; its copy is
 * kept in the check-max topic and {@link TransactionService#resumeChecks(long)} can put it back under checks.
 *
 * @param halfCommitLogOffset where the half was stored: what {@code resumeChecks} takes
 * @param topic               the topic it would have gone to
 * @param messageId           its unique id (UNIQ_KEY)
 * @param producerGroup       the group that was asked about it
 * @param checks              check-backs made before it was rolled back
 * @param discardedAt         when it was rolled back
 */
public record DiscardedHalf(long halfCommitLogOffset, String topic, String messageId, String producerGroup,
                            int checks, Instant discardedAt) {
}
