package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueBounds;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Reading queues the way RocketMQ's push consumer does: PULL_MESSAGE with a suspend time (the broker holds a pull
 * that finds nothing until a message arrives or the time is up), the group's offsets (QUERY_ and
 * UPDATE_CONSUMER_OFFSET), a queue's bounds (GET_MIN_OFFSET, GET_MAX_OFFSET) and the first offset at a time
 * (SEARCH_OFFSET_BY_TIMESTAMP), each asked of the broker holding the queue.
 */
final class Pulling {
    /** PullSysFlag: hold the pull when nothing is there; the subscription travels with the request. */
    private static final int FLAG_SUSPEND = 0x1 << 1;
    private static final int FLAG_SUBSCRIPTION = 0x1 << 2;
    /** How much longer than the suspend time a pull may take before it counts as lost. */
    private static final Duration PULL_GRACE = Duration.ofSeconds(10);

    private final RouteTable routes;
    private final Rpc rpc;
    private final SubscriptionFilters filters;

    Pulling(RouteTable routes, Rpc rpc, SubscriptionFilters filters) {
        this.routes = routes;
        this.rpc = rpc;
        this.filters = filters;
    }

    CompletableFuture<PullOutcome> pull(String group, SubscriptionSpec subscription, int queueIndex, long offset,
                                        int maxCount, Duration suspend) {
        filters.compile(subscription);
        String topic = subscription.topic();
        BrokerQueue queue = routes.layout(topic).queues().read(topic, queueIndex);
        String address = routes.address(queue.brokerName());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("consumerGroup", group);
        h.put("topic", topic);
        h.put("queueId", queue.queueId());
        h.put("queueOffset", offset);
        h.put("maxMsgNums", maxCount);
        h.put("sysFlag", FLAG_SUBSCRIPTION | (suspend.isZero() ? 0 : FLAG_SUSPEND));
        h.put("commitOffset", 0L);
        h.put("suspendTimeoutMillis", suspend.toMillis());
        h.put("subscription", subscription.expression());
        h.put("subVersion", 0L);
        h.put("expressionType", subscription.kind().name());
        return rpc.call(address, Requests.request(RequestCode.PULL_MESSAGE, h), suspend.plus(PULL_GRACE),
                        Set.of(ResponseCode.SUCCESS, ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY,
                                ResponseCode.PULL_OFFSET_MOVED))
                .thenApply(answer -> outcome(answer, subscription, queueIndex, offset));
    }

    private PullOutcome outcome(RemotingCommand answer, SubscriptionSpec subscription, int queueIndex,
                                long requested) {
        long next = Requests.longField(answer, "nextBeginOffset", requested);
        long min = Requests.longField(answer, "minOffset", 0);
        long max = Requests.longField(answer, "maxOffset", 0);
        return switch (answer.code()) {
            case ResponseCode.SUCCESS -> {
                List<DeliveredMessage> messages = new ArrayList<>();
                for (WireMessage m : decode(answer.body())) {
                    if (filters.tagMatches(subscription, m.property(MessageProperties.TAGS))) {
                        messages.add(m.delivered(queueIndex));
                    }
                }
                yield messages.isEmpty()
                        ? new PullOutcome(PullOutcome.Status.NO_MATCHED_MESSAGE, List.of(), next, min, max)
                        : new PullOutcome(PullOutcome.Status.FOUND, messages, next, min, max);
            }
            case ResponseCode.PULL_RETRY_IMMEDIATELY ->
                    new PullOutcome(PullOutcome.Status.NO_MATCHED_MESSAGE, List.of(), next, min, max);
            case ResponseCode.PULL_OFFSET_MOVED ->
                    new PullOutcome(PullOutcome.Status.OFFSET_ILLEGAL, List.of(), next, min, max);
            default -> new PullOutcome(PullOutcome.Status.NO_NEW_MESSAGE, List.of(), next, min, max);
        };
    }

    static List<WireMessage> decode(byte[] body) {
        try {
            return WireCodec.decodeAll(body);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(Kind.INTERNAL, e.getMessage(), e);
        }
    }

    OptionalLong committedOffset(String group, QueueRef queue) {
        Located at = locate(queue);
        RemotingCommand answer = rpc.await(at.address, Requests.request(RequestCode.QUERY_CONSUMER_OFFSET, Map.of(
                        "consumerGroup", group, "topic", queue.topic(), "queueId", at.queue.queueId(),
                        "setZeroIfNotFound", false)), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS, ResponseCode.QUERY_NOT_FOUND));
        if (answer.code() != ResponseCode.SUCCESS) {
            return OptionalLong.empty();
        }
        long offset = Requests.longField(answer, "offset");
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    void commitOffset(String group, QueueRef queue, long offset) {
        Located at = locate(queue);
        rpc.await(at.address, Requests.request(RequestCode.UPDATE_CONSUMER_OFFSET, Map.of("consumerGroup", group,
                "topic", queue.topic(), "queueId", at.queue.queueId(), "commitOffset", offset)), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS));
    }

    QueueBounds bounds(QueueRef queue) {
        Located at = locate(queue);
        Map<String, Object> fields = Map.of("topic", queue.topic(), "queueId", at.queue.queueId());
        CompletableFuture<RemotingCommand> min = rpc.raw(at.address, Requests.request(RequestCode.GET_MIN_OFFSET,
                fields), Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS));
        RemotingCommand max = rpc.await(at.address, Requests.request(RequestCode.GET_MAX_OFFSET, fields), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS));
        RemotingCommand minAnswer;
        try {
            minAnswer = min.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(Kind.UNAVAILABLE, "interrupted while reading the bounds of " + queue, e);
        } catch (ExecutionException e) {
            throw Rpc.unwrap(e);
        }
        return new QueueBounds(Requests.longField(minAnswer, "offset"), Requests.longField(max, "offset"));
    }

    /** The offset of the first message of the queue stored at or after {@code timestampMillis}. */
    long offsetAt(QueueRef queue, long timestampMillis) {
        Located at = locate(queue);
        RemotingCommand answer = rpc.await(at.address, Requests.request(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, Map.of(
                "topic", queue.topic(), "queueId", at.queue.queueId(), "timestamp", timestampMillis,
                "boundaryType", "LOWER")), Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS));
        return Requests.longField(answer, "offset");
    }

    /** The broker queue behind one of the gateway's queue numbers, and its broker's address. */
    Located locate(QueueRef queue) {
        BrokerQueue q = routes.layout(queue.topic()).queues().read(queue.topic(), queue.queueId());
        return new Located(q, routes.address(q.brokerName()));
    }

    record Located(BrokerQueue queue, String address) {
    }
}
