package io.capsulemq.broker.engine.transaction;

import java.time.Duration;

/**
 * A half message still waiting for its producer's answer, as an operator sees it.
 *
 * @param halfCommitLogOffset where the half is stored: what ends or resumes it
 * @param topic               the topic it goes to when committed
 * @param messageId           its unique id (UNIQ_KEY), the id the producer and consumers know
 * @param producerGroup       the group asked about it
 * @param age                 time since the half was stored
 * @param checks              check-backs made so far
 */
public record PendingHalf(long halfCommitLogOffset, String topic, String messageId, String producerGroup,
                          Duration age, int checks) {
}
