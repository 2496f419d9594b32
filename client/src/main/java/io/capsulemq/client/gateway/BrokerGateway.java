package io.capsulemq.client.gateway;

import org.apache.rocketmq.client.apis.producer.TransactionResolution;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the clients need of a broker and nothing more: the one seam between the API implementation and a
 * broker. {@code LocalGateway} answers it in process over the engine; a network implementation answers the same
 * calls over the wire. Calls that move messages answer with futures; the others are quick look-ups and answer
 * directly. Refusals and failures are {@link GatewayException}s, thrown or as a future's cause. What an
 * implementation must honour (threads, heartbeats, failures) and the RocketMQ remoting request nearest to each call
 * are in the package documentation.
 */
public interface BrokerGateway {

    /** A topic's queues and type; a topic that does not exist but would be created by a first send is answered
     * with the queues it would get and {@code exists() == false}; otherwise refused with TOPIC_NOT_FOUND. */
    TopicRoute route(String topic);

    CompletableFuture<SendOutcome> send(OutgoingMessage message);

    /** Messages of one topic and queue, stored all or none. */
    CompletableFuture<SendOutcome> sendBatch(List<OutgoingMessage> batch);

    /** Commits or rolls back the half message at {@code halfCommitLogOffset}; {@code fromCheck} when answering
     * the broker's check-back. */
    CompletableFuture<Void> endTransaction(String producerGroup, long halfCommitLogOffset,
                                           TransactionResolution resolution, boolean fromCheck);

    /** A producer's heartbeat: check-backs for the group's transactions may go to it. */
    void registerProducer(String producerGroup, ClientListener client);

    void unregisterProducer(String producerGroup, String clientId);

    /** A consumer's heartbeat: joins or renews its membership and answers the group's settings now. */
    ConsumerSettings registerConsumer(ConsumerHeartbeat heartbeat, ClientListener client);

    /** Leaves the group; the other members are told to rebalance. */
    void unregisterConsumer(String group, String clientId);

    ConsumerSettings consumerSettings(String group);

    /** The group's live members' client ids, sorted, so every member computes the same allocation. */
    List<String> memberIds(String group);

    /**
     * Reads up to {@code maxCount} messages matching the subscription's filter from a queue, from {@code offset};
     * when there is nothing new the answer waits up to {@code suspend} for an arrival (long polling).
     */
    CompletableFuture<PullOutcome> pull(String group, SubscriptionSpec subscription, int queueId, long offset,
                                        int maxCount, Duration suspend);

    OptionalLong committedOffset(String group, QueueRef queue);

    void commitOffset(String group, QueueRef queue, long offset);

    QueueBounds bounds(QueueRef queue);

    /** Where the group starts on a queue it has no committed offset for, as the group's settings say. */
    long startOffset(String group, QueueRef queue);

    /** Takes or renews leases on queues for an ordered consumer; answers the queues it now holds. */
    Set<QueueRef> lockQueues(String group, String clientId, Set<QueueRef> queues);

    void unlockQueues(String group, String clientId, Set<QueueRef> queues);

    /**
     * Hands a message the group failed back to the broker: retried later with a growing back-off, or dead-lettered.
     *
     * @param delayLevel        0 for the back-off that follows the attempts, negative to dead-letter at once
     * @param maxReconsumeTimes the consumer's maximum, or -1 for the group's
     */
    CompletableFuture<Void> sendBack(String group, DeliveredMessage failed, int delayLevel, int maxReconsumeTimes);

    /** Takes up to {@code maxCount} messages of a topic for a group, invisible to others until acknowledged or
     * the invisible time passes; waits up to {@code pollTime} for one to arrive. */
    CompletableFuture<List<PoppedDelivery>> pop(String group, SubscriptionSpec subscription, int maxCount,
                                                Duration invisibleTime, Duration pollTime, boolean fifo);

    CompletableFuture<Void> ack(String group, String topic, String receiptHandle);

    /** Answers the message's new receipt handle; the old one is no longer valid. */
    CompletableFuture<String> changeInvisibleDuration(String group, String topic, String receiptHandle,
                                                      Duration invisibleTime);
}
