package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One event in the life of a half message, kept in the op topic so that what the broker decided survives a
 * restart. The layout of an op record, one message in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} queue 0:
 * <ul>
 *   <li>body: the half's offset in {@code RMQ_SYS_TRANS_HALF_TOPIC} queue 0, in decimal ASCII (as RocketMQ's op
 *       messages name their half);</li>
 *   <li>tag: {@code d} when the half is done with (commit, rollback, discard; RocketMQ's removal tag), {@code c}
 *       for a check-back;</li>
 *   <li>{@code TX_OP}: {@code COMMIT}, {@code ROLLBACK}, {@code DISCARD} or {@code CHECK};</li>
 *   <li>{@code TX_HALF_OFFSET}: the half's commit log offset, the id producers end it by;</li>
 *   <li>{@code TRANSACTION_CHECK_TIMES}: check-backs made, this one included (CHECK and DISCARD only);</li>
 *   <li>{@code TX_PROGRESS}: the half queue offset below which every half was resolved when the record was
 *       written: the latest record tells a restart where to resume;</li>
 *   <li>born timestamp: when the broker made the decision, by its clock (for CHECK, when the check was sent).</li>
 * </ul>
 * Op records carry no key or unique id, so they take no room in the index.
 *
 * @param kind                what happened
 * @param halfQueueOffset     the half's offset in the half queue
 * @param halfCommitLogOffset the half's commit log offset
 * @param checks              check-backs made so far (0 for commit and rollback)
 * @param progress            the ledger's progress when written
 * @param atMillis            when it was decided
 */
record OpRecord(Kind kind, long halfQueueOffset, long halfCommitLogOffset, int checks, long progress,
                long atMillis) {

    enum Kind {
        COMMIT, ROLLBACK, DISCARD, CHECK;

        boolean resolves() {
            return this != CHECK;
        }
    }

    static final String KIND = "TX_OP";
    static final String HALF_OFFSET = "TX_HALF_OFFSET";
    static final String PROGRESS = "TX_PROGRESS";
    static final String DONE_TAG = "d";
    static final String CHECK_TAG = "c";

    static OpRecord of(Kind kind, StoredMessage half, int checks, long progress, long atMillis) {
        return new OpRecord(kind, half.queueOffset(), half.commitLogOffset(), checks, progress, atMillis);
    }

    MessageToStore toMessage() {
        MessageToStore.Builder b = MessageToStore.builder(SystemTopics.TRANSACTION_OP, 0)
                .body(Long.toString(halfQueueOffset).getBytes(StandardCharsets.US_ASCII))
                .tags(kind.resolves() ? DONE_TAG : CHECK_TAG)
                .property(KIND, kind.name())
                .property(HALF_OFFSET, Long.toString(halfCommitLogOffset))
                .property(PROGRESS, Long.toString(progress))
                .bornTimestamp(atMillis);
        if (kind == Kind.CHECK || kind == Kind.DISCARD) {
            b.property(HalfMessages.CHECK_TIMES, Integer.toString(checks));
        }
        return b.build();
    }

    /** The record a stored op message holds; empty when it is not one this broker wrote. */
    static Optional<OpRecord> parse(StoredMessage message) {
        try {
            Kind kind = Kind.valueOf(message.property(KIND));
            long halfQueueOffset = Long.parseLong(new String(message.body(), StandardCharsets.US_ASCII).trim());
            long halfOffset = Long.parseLong(message.property(HALF_OFFSET));
            long progress = Long.parseLong(message.property(PROGRESS));
            String checks = message.property(HalfMessages.CHECK_TIMES);
            return Optional.of(new OpRecord(kind, halfQueueOffset, halfOffset,
                    checks == null ? 0 : Integer.parseInt(checks), progress, message.bornTimestamp()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
