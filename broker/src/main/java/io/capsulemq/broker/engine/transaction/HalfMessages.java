package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a transactional message is parked and released. A half message is stored in the broker's half topic, its
 * real topic and queue kept in properties, so it is durable but in no consumer's queue. Commit stores it again in
 * its real topic, marked committed and pointing back at the half.
 */
public final class HalfMessages {
    /** How many times the broker has asked the producer about a half (RocketMQ's name for it). */
    public static final String CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    /** A producer's own first-check delay for one half, in seconds, replacing the broker's timeout. */
    public static final String CHECK_IMMUNITY_SECONDS = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    /** The transaction id a client may set; the unique id takes precedence, as in RocketMQ. */
    public static final String TRANSACTION_ID = "__transactionId__";
    /** On a half put back under checks by an operator: the commit log offset of the half it replaces. */
    public static final String RESUMED_FROM = "TX_RESUMED_FROM";
    /** On a discarded half's copy in the check-max topic: the commit log offset of the half. */
    public static final String DISCARDED_HALF = "TX_HALF_OFFSET";
    /**
     * On a half sent in an XA transaction branch (by the resource adapter): the branch's Xid, so the branches a
     * broker still holds can be found after a restart. Bookkeeping: not kept on the committed message.
     */
    public static final String XA_BRANCH = "CAPSULE_XA_BRANCH";

    private HalfMessages() {
    }

    /** The half message to store for a prepared send. */
    public static MessageToStore toHalf(MessageToStore prepared) {
        return prepared.copyTo(SystemTopics.TRANSACTION_HALF, 0)
                .property(MessageProperties.REAL_TOPIC, prepared.topic())
                .property(MessageProperties.REAL_QUEUE_ID, Integer.toString(prepared.queueId()))
                // Stored as an ordinary message of the half topic, so the check service can walk that queue.
                .sysFlag(MessageSysFlag.withTransactionType(prepared.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE))
                .build();
    }

    /**
     * The committed message to store for a half message: visible in its real topic and queue, with the properties
     * the producer sent (the broker's bookkeeping removed) and so the same unique id.
     */
    public static MessageToStore committed(StoredMessage half) {
        return half.copyTo(half.property(MessageProperties.REAL_TOPIC),
                        Integer.parseInt(half.property(MessageProperties.REAL_QUEUE_ID)))
                .removeProperty(MessageProperties.REAL_TOPIC)
                .removeProperty(MessageProperties.REAL_QUEUE_ID)
                .removeProperty(CHECK_TIMES)
                .removeProperty(RESUMED_FROM)
                .removeProperty(DISCARDED_HALF)
                .removeProperty(XA_BRANCH)
                .sysFlag(MessageSysFlag.withTransactionType(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE))
                .preparedTransactionOffset(half.commitLogOffset())
                .build();
    }

    /** The copy of a half kept in the check-max topic once it was rolled back for want of an answer. */
    static MessageToStore discarded(StoredMessage half, int checks) {
        return half.copyTo(SystemTopics.TRANSACTION_CHECK_MAX, 0)
                .property(CHECK_TIMES, Integer.toString(checks))
                .property(DISCARDED_HALF, Long.toString(half.commitLogOffset()))
                .build();
    }

    /** A fresh half, with no checks made, for a discarded one an operator puts back under checks. */
    static MessageToStore resumed(StoredMessage discardedCopy) {
        return discardedCopy.copyTo(SystemTopics.TRANSACTION_HALF, 0)
                .removeProperty(CHECK_TIMES)
                .removeProperty(DISCARDED_HALF)
                .property(RESUMED_FROM, discardedCopy.property(DISCARDED_HALF))
                .build();
    }

    /**
     * The half as the producer sent it, for a check-back: its real topic and queue, the half's offsets (which the
     * answer names) and the number of this check, as RocketMQ shows a check to its producer.
     */
    static StoredMessage asSent(StoredMessage half, int checks) {
        Map<String, String> properties = new LinkedHashMap<>(half.properties());
        properties.put(CHECK_TIMES, Integer.toString(checks));
        return new StoredMessage(half.property(MessageProperties.REAL_TOPIC),
                Integer.parseInt(half.property(MessageProperties.REAL_QUEUE_ID)), half.flag(), half.queueOffset(),
                half.commitLogOffset(), half.storeSize(), half.sysFlag(), half.bornTimestamp(), half.bornHost(),
                half.storeTimestamp(), half.storeHost(), half.reconsumeTimes(), half.preparedTransactionOffset(),
                half.body(), Map.copyOf(properties));
    }

    /** The id a check-back names: the unique id, as RocketMQ's broker sends it, else the client's transaction id. */
    static String transactionId(StoredMessage half) {
        String unique = half.uniqueId();
        if (unique != null && !unique.isEmpty()) {
            return unique;
        }
        String id = half.property(TRANSACTION_ID);
        return id != null ? id : half.offsetMessageId();
    }

    /**
     * When a half is first checked: its store time plus the producer's own delay when it set one (whole seconds,
     * as RocketMQ reads it), else plus the broker's timeout.
     */
    static long firstCheckMillis(StoredMessage half, Duration timeout) {
        String seconds = half.property(CHECK_IMMUNITY_SECONDS);
        long delay = timeout.toMillis();
        if (seconds != null) {
            try {
                long parsed = Long.parseLong(seconds.trim());
                if (parsed >= 0) {
                    delay = Math.multiplyExact(parsed, 1000L);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // A malformed delay falls back to the broker's timeout, as in RocketMQ.
            }
        }
        return delay > Long.MAX_VALUE - half.storeTimestamp() ? Long.MAX_VALUE : half.storeTimestamp() + delay;
    }
}
