package io.capsulemq.broker.engine.send;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.TopicNames;
import io.capsulemq.broker.store.message.UniqueIdGenerator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Accepts messages from producers: checks the topic (name, existence or auto-creation, permission, message type,
 * queue id), gives each message a unique id if it has none, routes timed messages to the timer and transactional
 * ones to the half-message topic, and stores the rest where they were addressed.
 */
public final class SendService {
    /** Re-addresses a message to the timer, due at the given epoch millis. */
    @FunctionalInterface
    public interface TimerRouting {
        MessageToStore toTimer(MessageToStore message, long dueMillis);
    }

    private final MessageStore store;
    private final TopicRegistry topics;
    private final Clock clock;
    private final Duration timerHorizon;
    private final TimerRouting timer;
    private final UnaryOperator<MessageToStore> toHalf;
    private final UniqueIdGenerator ids = new UniqueIdGenerator();

    public SendService(MessageStore store, TopicRegistry topics, Clock clock, Duration timerHorizon,
                       TimerRouting timer, UnaryOperator<MessageToStore> toHalf) {
        this.store = store;
        this.topics = topics;
        this.clock = clock;
        this.timerHorizon = timerHorizon;
        this.timer = timer;
        this.toHalf = toHalf;
    }

    /** Stores one message; refusals throw {@link BrokerException} naming what was wrong. */
    public CompletableFuture<SendResult> send(MessageToStore message) {
        MessageType type = MessageType.of(message.properties());
        TopicConfig topic = checkTopic(message.topic(), message.queueId(), type);
        MessageToStore stamped = withUniqueId(message);
        String uniqueId = stamped.properties().get(MessageProperties.UNIQUE_KEY);
        MessageToStore routed = route(stamped, type);
        return store.putAsync(routed).thenApply(r -> result(r, topic.topicName(), message.queueId(),
                List.of(uniqueId)));
    }

    /**
     * Stores messages of one topic and queue as one batch, all or none. Timed and transactional messages cannot be
     * batched, as in RocketMQ.
     */
    public CompletableFuture<SendResult> sendBatch(List<MessageToStore> batch) {
        if (batch.isEmpty()) {
            throw new BrokerException(Reason.MESSAGE_ILLEGAL, "a batch needs at least one message");
        }
        MessageToStore first = batch.get(0);
        List<MessageToStore> stamped = new ArrayList<>(batch.size());
        List<String> uniqueIds = new ArrayList<>(batch.size());
        MessageType batchType = MessageType.of(first.properties());
        for (MessageToStore m : batch) {
            if (!m.topic().equals(first.topic()) || m.queueId() != first.queueId()) {
                throw new BrokerException(Reason.MESSAGE_ILLEGAL,
                        "every message of a batch must have the same topic and queue");
            }
            MessageType type = MessageType.of(m.properties());
            if (type == MessageType.DELAY || type == MessageType.TRANSACTION) {
                throw new BrokerException(Reason.MESSAGE_ILLEGAL, type + " messages cannot be sent in a batch");
            }
            if (type != batchType) {
                throw new BrokerException(Reason.MESSAGE_ILLEGAL, "a batch mixes " + batchType + " and " + type
                        + " messages");
            }
            MessageToStore withId = withUniqueId(m);
            stamped.add(withId);
            uniqueIds.add(withId.properties().get(MessageProperties.UNIQUE_KEY));
        }
        TopicConfig topic = checkTopic(first.topic(), first.queueId(), batchType);
        return store.putBatchAsync(stamped).thenApply(r -> result(r, topic.topicName(), first.queueId(), uniqueIds));
    }

    private TopicConfig checkTopic(String name, int queueId, MessageType type) {
        String problem = TopicNames.problemWith(name);
        if (problem != null) {
            throw new BrokerException(Reason.MESSAGE_ILLEGAL, problem);
        }
        if (SystemTopics.isInternal(name)) {
            throw new BrokerException(Reason.NO_PERMISSION, "topic " + name + " is reserved for the broker");
        }
        TopicConfig topic = SystemTopics.isRetry(name) || SystemTopics.isDeadLetter(name)
                ? topics.find(name).orElseThrow(() -> new BrokerException(Reason.TOPIC_NOT_EXIST,
                        "topic " + name + " does not exist"))
                : topics.findOrAutoCreate(name, type);
        if (!Permission.writable(topic.perm())) {
            throw new BrokerException(Reason.NO_PERMISSION, "topic " + name + " is not writable (permission "
                    + Permission.describe(topic.perm()) + ")");
        }
        if (!topic.messageType().accepts(type)) {
            throw new BrokerException(Reason.MESSAGE_ILLEGAL, "topic " + name + " takes " + topic.messageType()
                    + " messages; this one is " + type);
        }
        if (queueId < 0 || queueId >= topic.writeQueueNums()) {
            throw new BrokerException(Reason.MESSAGE_ILLEGAL, "queue id " + queueId + " is out of range for topic "
                    + name + " (0 to " + (topic.writeQueueNums() - 1) + ")");
        }
        return topic;
    }

    private MessageToStore withUniqueId(MessageToStore message) {
        String id = message.properties().get(MessageProperties.UNIQUE_KEY);
        return id != null && !id.isEmpty() ? message
                : message.copyTo(message.topic(), message.queueId())
                        .property(MessageProperties.UNIQUE_KEY, ids.next()).build();
    }

    private MessageToStore route(MessageToStore message, MessageType type) {
        if (type == MessageType.TRANSACTION) {
            return toHalf.apply(message);
        }
        if (type == MessageType.DELAY) {
            long now = clock.millis();
            OptionalLong due = DeliveryTime.of(message.properties(), now, timerHorizon);
            if (due.isPresent() && due.getAsLong() > now) {
                return timer.toTimer(message, due.getAsLong());
            }
        }
        return message;
    }

    private static SendResult result(PutResult put, String topic, int queueId, List<String> uniqueIds) {
        if (!put.status().isWritten()) {
            Reason reason = put.status() == PutStatus.MESSAGE_ILLEGAL
                    || put.status() == PutStatus.PROPERTIES_SIZE_EXCEEDED
                    ? Reason.MESSAGE_ILLEGAL : Reason.SERVICE_NOT_AVAILABLE;
            throw new BrokerException(reason, put.status() + ": " + put.reason());
        }
        return new SendResult(put.status(), topic, queueId, put.queueOffset(), put.commitLogOffset(), uniqueIds,
                put.offsetMessageIds());
    }
}
