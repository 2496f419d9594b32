package io.capsulemq.client.local;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.QueueId;
import io.capsulemq.broker.engine.client.ConsumeType;
import io.capsulemq.broker.engine.client.ConsumerRegistration;
import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.client.Subscription;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.group.StartingOffsets;
import io.capsulemq.broker.engine.pop.PoppedMessage;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.TopicNames;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.gateway.PoppedDelivery;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueBounds;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SendOutcome;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.gateway.TopicType;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The gateway in process: each call goes straight to the engine of a {@link Broker} in this JVM. Engine refusals
 * come back as {@link GatewayException}s, engine messages as the gateway's plain values.
 */
public final class LocalGateway implements BrokerGateway {
    private final Broker broker;
    private final FilterCache filters = new FilterCache();

    public LocalGateway(Broker broker) {
        this.broker = broker;
    }

    public Broker broker() {
        return broker;
    }

    @Override
    public TopicRoute route(String topic) {
        return call(() -> {
            String problem = TopicNames.problemWith(topic);
            if (problem != null) {
                throw new GatewayException(Kind.ILLEGAL_REQUEST, problem);
            }
            TopicConfig config = broker.topics().find(topic).orElse(null);
            if (config != null) {
                return new TopicRoute(topic, config.readQueueNums(), config.writeQueueNums(),
                        Permission.readable(config.perm()), Permission.writable(config.perm()),
                        TopicType.valueOf(config.messageType().name()), true);
            }
            boolean creatable = broker.topics().autoCreateEnabled() && !SystemTopics.isInternal(topic)
                    && !SystemTopics.isRetry(topic) && !SystemTopics.isDeadLetter(topic);
            if (!creatable) {
                throw new GatewayException(Kind.TOPIC_NOT_FOUND, "topic " + topic + " does not exist"
                        + (broker.topics().autoCreateEnabled() ? "" : " and the broker does not create topics on "
                        + "first use (autoCreateTopicEnable=false)"));
            }
            int queues = broker.config().defaultTopicQueueNums();
            return new TopicRoute(topic, queues, queues, true, true, TopicType.UNSPECIFIED, false);
        });
    }

    @Override
    public CompletableFuture<SendOutcome> send(OutgoingMessage message) {
        return async(() -> broker.sender().send(EngineMessages.toStore(message))
                .thenApply(r -> new SendOutcome(r.messageIds(), r.topic(), r.queueId(), r.queueOffset(),
                        r.commitLogOffset())));
    }

    @Override
    public CompletableFuture<SendOutcome> sendBatch(List<OutgoingMessage> batch) {
        return async(() -> broker.sender().sendBatch(batch.stream().map(EngineMessages::toStore).toList())
                .thenApply(r -> new SendOutcome(r.messageIds(), r.topic(), r.queueId(), r.queueOffset(),
                        r.commitLogOffset())));
    }

    @Override
    public CompletableFuture<Void> endTransaction(String producerGroup, long halfCommitLogOffset,
                                                  TransactionResolution resolution, boolean fromCheck) {
        return async(() -> broker.transactions().end(producerGroup, halfCommitLogOffset,
                io.capsulemq.broker.engine.transaction.TransactionResolution.valueOf(resolution.name()), fromCheck));
    }

    @Override
    public void registerProducer(String producerGroup, ClientListener client) {
        run(() -> broker.producers().heartbeat(producerGroup, new LocalConnection(client)));
    }

    @Override
    public void unregisterProducer(String producerGroup, String clientId) {
        run(() -> broker.producers().unregister(producerGroup, clientId));
    }

    @Override
    public ConsumerSettings registerConsumer(ConsumerHeartbeat heartbeat, ClientListener client) {
        return call(() -> {
            Map<String, Subscription> subscriptions = new LinkedHashMap<>();
            for (SubscriptionSpec spec : heartbeat.subscriptions()) {
                filters.compile(spec);
                subscriptions.put(spec.topic(), new Subscription(spec.topic(), FilterCache.type(spec),
                        spec.expression()));
            }
            ConsumeType type = heartbeat.mode() == ConsumerHeartbeat.ConsumeMode.POP ? ConsumeType.POP
                    : ConsumeType.PUSH;
            ConsumerSettings settings = broker.groups()
                    .findOrAutoCreateFor(heartbeat.group(), subscriptions.keySet(), broker.topics())
                    .map(LocalGateway::settings).orElseGet(() -> ConsumerSettings.absent(heartbeat.group()));
            broker.consumers().heartbeat(new LocalConnection(client), new ConsumerRegistration(heartbeat.group(),
                    settings.broadcasting() ? MessageModel.BROADCASTING : MessageModel.CLUSTERING, type,
                    subscriptions));
            if (settings.exists() && type == ConsumeType.PUSH) {
                // As RocketMQ's broker does on a consumer's heartbeat: the group's retry topic exists from the start.
                broker.topics().ensure(SystemTopics.retryTopic(heartbeat.group()), 1, Permission.READ_WRITE);
            }
            return settings;
        });
    }

    @Override
    public void unregisterConsumer(String group, String clientId) {
        run(() -> {
            broker.consumers().unregister(group, clientId);
            broker.locks().releaseAll(clientId);
        });
    }

    @Override
    public ConsumerSettings consumerSettings(String group) {
        return call(() -> broker.groups().find(group).map(LocalGateway::settings)
                .orElseGet(() -> ConsumerSettings.absent(group)));
    }

    private static ConsumerSettings settings(GroupConfig config) {
        return new ConsumerSettings(config.groupName(), true, config.consumeMessageOrderly(),
                config.messageModel() == MessageModel.BROADCASTING, config.retryMaxTimes(),
                ConsumerSettings.StartFrom.valueOf(config.consumeFrom().name()));
    }

    @Override
    public List<String> memberIds(String group) {
        return call(() -> broker.consumers().memberIds(group));
    }

    @Override
    public CompletableFuture<PullOutcome> pull(String group, SubscriptionSpec subscription, int queueId, long offset,
                                               int maxCount, Duration suspend) {
        return async(() -> {
            checkReadable(group, subscription.topic());
            return broker.puller().pull(subscription.topic(), queueId, offset, maxCount,
                    filters.compile(subscription), suspend).thenApply(r -> outcome(r, offset));
        });
    }

    private void checkReadable(String group, String topic) {
        GroupConfig config = broker.groups().find(group).orElse(null);
        if (config == null && !broker.config().autoCreateSubscriptionGroup()) {
            throw new GatewayException(Kind.GROUP_NOT_FOUND, "consumer group " + group + " does not exist and the "
                    + "broker does not create groups on first use (autoCreateSubscriptionGroup=false)");
        }
        if (config != null && !config.consumeEnable()) {
            throw new GatewayException(Kind.FORBIDDEN, "consumer group " + group + " may not consume now "
                    + "(consumeEnable=false)");
        }
        checkTopicReadable(topic);
    }

    private void checkTopicReadable(String topic) {
        TopicConfig topicConfig = broker.topics().find(topic).orElseThrow(() ->
                new GatewayException(Kind.TOPIC_NOT_FOUND, "topic " + topic + " does not exist"));
        if (!Permission.readable(topicConfig.perm())) {
            throw new GatewayException(Kind.FORBIDDEN, "topic " + topic + " is not readable (permission "
                    + Permission.describe(topicConfig.perm()) + ")");
        }
    }

    private static PullOutcome outcome(GetResult r, long requested) {
        List<io.capsulemq.client.gateway.DeliveredMessage> messages = r.messages().stream()
                .map(EngineMessages::delivered).toList();
        return switch (r.status()) {
            case FOUND -> new PullOutcome(PullOutcome.Status.FOUND, messages, r.nextOffset(), r.minOffset(),
                    r.maxOffset());
            case NO_MATCHED_MESSAGE, OFFSET_FOUND_NULL -> new PullOutcome(PullOutcome.Status.NO_MATCHED_MESSAGE,
                    List.of(), r.nextOffset(), r.minOffset(), r.maxOffset());
            case OFFSET_OVERFLOW_ONE -> new PullOutcome(PullOutcome.Status.NO_NEW_MESSAGE, List.of(), requested,
                    r.minOffset(), r.maxOffset());
            case NO_MESSAGE_IN_QUEUE, NO_MATCHED_LOGIC_QUEUE -> new PullOutcome(requested == 0
                    ? PullOutcome.Status.NO_NEW_MESSAGE : PullOutcome.Status.OFFSET_ILLEGAL, List.of(), 0,
                    r.minOffset(), r.maxOffset());
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> new PullOutcome(PullOutcome.Status.OFFSET_ILLEGAL,
                    List.of(), r.nextOffset(), r.minOffset(), r.maxOffset());
            default -> throw new GatewayException(Kind.UNAVAILABLE, "the store cannot be read now: " + r.status());
        };
    }

    @Override
    public OptionalLong committedOffset(String group, QueueRef queue) {
        return call(() -> broker.offsets().committed(group, queue.topic(), queue.queueId()));
    }

    @Override
    public void commitOffset(String group, QueueRef queue, long offset) {
        run(() -> broker.offsets().commit(group, queue.topic(), queue.queueId(), offset));
    }

    @Override
    public QueueBounds bounds(QueueRef queue) {
        return call(() -> new QueueBounds(broker.store().minOffset(queue.topic(), queue.queueId()),
                broker.store().maxOffset(queue.topic(), queue.queueId())));
    }

    @Override
    public long startOffset(String group, QueueRef queue) {
        return call(() -> StartingOffsets.of(broker.groups().find(group).orElseGet(() -> GroupConfig.defaults(group)),
                broker.store(), queue.topic(), queue.queueId()));
    }

    @Override
    public Set<QueueRef> lockQueues(String group, String clientId, Set<QueueRef> queues) {
        return call(() -> broker.locks().lock(group, clientId, engineQueues(queues)).stream()
                .map(q -> new QueueRef(q.topic(), q.queueId())).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public void unlockQueues(String group, String clientId, Set<QueueRef> queues) {
        run(() -> broker.locks().unlock(group, clientId, engineQueues(queues)));
    }

    private static Set<QueueId> engineQueues(Set<QueueRef> queues) {
        return queues.stream().map(q -> new QueueId(q.topic(), q.queueId()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public CompletableFuture<Void> sendBack(String group, io.capsulemq.client.gateway.DeliveredMessage failed,
                                            int delayLevel, int maxReconsumeTimes) {
        return async(() -> {
            StoredMessage stored = broker.store().lookAt(failed.commitLogOffset())
                    .filter(m -> m.topic().equals(failed.topic()) && m.queueOffset() == failed.queueOffset())
                    .orElseThrow(() -> new GatewayException(Kind.NOT_FOUND, "message " + failed.queueOffset()
                            + " of " + failed.topic() + " is no longer stored; it cannot be retried"));
            return broker.retries().sendBack(group, stored, delayLevel, maxReconsumeTimes).thenApply(r -> null);
        });
    }

    @Override
    public CompletableFuture<List<PoppedDelivery>> pop(String group, SubscriptionSpec subscription, int maxCount,
                                                       Duration invisibleTime, Duration pollTime, boolean fifo) {
        return async(() -> {
            checkReadable(group, subscription.topic());
            return broker.pop().pop(group, subscription.topic(), filters.compile(subscription), maxCount,
                    invisibleTime, pollTime, fifo).thenApply(list -> list.stream().map(LocalGateway::popped).toList());
        });
    }

    private static PoppedDelivery popped(PoppedMessage m) {
        return new PoppedDelivery(EngineMessages.delivered(m.message()), m.topic(), m.receiptHandle(),
                m.deliveryAttempt());
    }

    @Override
    public CompletableFuture<Void> ack(String group, String topic, String receiptHandle) {
        return async(() -> {
            broker.pop().ack(group, topic, receiptHandle);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<String> changeInvisibleDuration(String group, String topic, String receiptHandle,
                                                             Duration invisibleTime) {
        return async(() -> CompletableFuture.completedFuture(
                broker.pop().changeInvisibleDuration(group, topic, receiptHandle, invisibleTime)));
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw EngineFailures.translate(e);
        }
    }

    private static void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Runs a call that answers with a future; a refusal thrown at once fails the future the same way. */
    private static <T> CompletableFuture<T> async(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> started;
        try {
            started = action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(EngineFailures.translate(e));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        started.whenComplete((value, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(EngineFailures.translate(failure));
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }
}
