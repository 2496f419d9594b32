package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a timed message is kept while it waits, and how it is given back. The engine stores a message due later
 * ({@code DeliveryTime} says when) in the timer topic instead of its own: {@link #wrap} is its
 * {@code SendService.TimerRouting}. When it is due, the timer reads that record back and stores {@link #unwrap}'s
 * result in the real topic and queue. Property names are RocketMQ's where RocketMQ has them.
 *
 * <p>The fired message keeps what the producer sent: body, flag, born time and host, reconsume count and every
 * property, so its unique id ({@code UNIQ_KEY}, the message id clients see), keys and tag are unchanged. It loses
 * {@code REAL_TOPIC}, {@code REAL_QID} and {@code DELAY} (so it is not delayed again), keeps {@code TIMER_OUT_MS}
 * (a message carrying it is never timed again, as in RocketMQ) and gains {@link #TIMER_ORIGIN_OFFSET}, the commit
 * log offset of the timer record it came from, by which the timer recognises its own earlier firing after a crash.
 */
public final class TimerMessages {
    /** RocketMQ's timer topic; every timed message waits in its queue 0. */
    public static final String TIMER_TOPIC = SystemTopics.TIMER;
    public static final int TIMER_QUEUE_ID = 0;
    /** RocketMQ's property for a timer record's due time, epoch milliseconds. */
    public static final String TIMER_OUT_MS = "TIMER_OUT_MS";
    /** Ours: the commit log offset of the timer record a fired message came from. */
    public static final String TIMER_ORIGIN_OFFSET = "TIMER_ORIGIN_OFFSET";

    private TimerMessages() {
    }

    /**
     * The timer topic's record for {@code original}, due at {@code deliverAtMillis}: the real topic and queue go
     * into {@code REAL_TOPIC} and {@code REAL_QID}, the due time into {@code TIMER_OUT_MS} and into the consume
     * queue's tag code. Works for any real topic, retry topics included.
     */
    public static MessageToStore wrap(MessageToStore original, long deliverAtMillis) {
        if (TIMER_TOPIC.equals(original.topic())) {
            throw new IllegalArgumentException("the message is already a timer record");
        }
        Map<String, String> properties = new LinkedHashMap<>(original.properties());
        properties.remove(TIMER_ORIGIN_OFFSET);
        properties.put(MessageProperties.REAL_TOPIC, original.topic());
        properties.put(MessageProperties.REAL_QUEUE_ID, Integer.toString(original.queueId()));
        properties.put(TIMER_OUT_MS, Long.toString(deliverAtMillis));
        return MessageToStore.builder(TIMER_TOPIC, TIMER_QUEUE_ID)
                .body(original.body())
                .flag(original.flag())
                .sysFlag(original.sysFlag())
                .bornTimestamp(original.bornTimestamp())
                .bornHost(original.bornHost())
                .reconsumeTimes(original.reconsumeTimes())
                .preparedTransactionOffset(original.preparedTransactionOffset())
                .properties(properties)
                .tagsCode(deliverAtMillis)
                .build();
    }

    /**
     * The message to store when the timer record {@code timerRecord} fires: back in its real topic and queue,
     * marked with the record's commit log offset. A record without a unique id gets the record's offset message
     * id as one, so that every firing of the same record carries the same id.
     *
     * @throws IllegalArgumentException if the record does not name a real topic and queue
     */
    public static MessageToStore unwrap(StoredMessage timerRecord) {
        String realTopic = timerRecord.property(MessageProperties.REAL_TOPIC);
        String realQueue = timerRecord.property(MessageProperties.REAL_QUEUE_ID);
        if (realTopic == null || realQueue == null) {
            throw new IllegalArgumentException("timer record at " + timerRecord.commitLogOffset()
                    + " names no real topic and queue");
        }
        int queueId;
        try {
            queueId = Integer.parseInt(realQueue.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timer record at " + timerRecord.commitLogOffset() + " has queue id '"
                    + realQueue + "'", e);
        }
        MessageToStore.Builder fired = timerRecord.copyTo(realTopic, queueId)
                .removeProperty(MessageProperties.REAL_TOPIC)
                .removeProperty(MessageProperties.REAL_QUEUE_ID)
                .removeProperty(MessageProperties.DELAY_LEVEL)
                .property(TIMER_ORIGIN_OFFSET, Long.toString(timerRecord.commitLogOffset()));
        if (timerRecord.uniqueId() == null) {
            fired.property(MessageProperties.UNIQUE_KEY, timerRecord.offsetMessageId());
        }
        return fired.build();
    }

    /** A timer record's due time; a record without a readable one is due when it was stored. */
    public static long dueMillis(StoredMessage timerRecord) {
        String due = timerRecord.property(TIMER_OUT_MS);
        if (due != null) {
            try {
                return Long.parseLong(due);
            } catch (NumberFormatException ignored) {
                // fall through: deliver it rather than hold it for ever
            }
        }
        return timerRecord.storeTimestamp();
    }

    /** The timer record a fired message came from, or -1 if it did not come from the timer. */
    public static long originOffset(StoredMessage fired) {
        String origin = fired.property(TIMER_ORIGIN_OFFSET);
        if (origin == null) {
            return -1;
        }
        try {
            return Long.parseLong(origin);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
