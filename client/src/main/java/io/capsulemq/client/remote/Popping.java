package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import io.capsulemq.client.gateway.PoppedDelivery;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simple consumer's calls: POP_MESSAGE (all queues of a topic on one broker at once), ACK_MESSAGE and
 * CHANGE_MESSAGE_INVISIBLETIME. With several brokers a receive takes turns: it looks at each broker without waiting
 * and waits (long polling) only at the next broker in turn when none had anything. Receipt handles are RocketMQ's
 * check point strings ({@link PopReceipt}): the message's POP_CK property when the broker wrote one, else built as
 * RocketMQ's client builds them from the pop answer's header.
 */
final class Popping {
    private static final Duration POP_GRACE = Duration.ofSeconds(10);
    /** The property a broker may give a popped message its receipt handle in. */
    private static final String POP_CK = "POP_CK";
    /** ConsumeInitMode: where a group's first pop starts, the queue's first or last message. */
    private static final int INIT_MIN = 0;
    private static final int INIT_MAX = 1;
    private static final Set<Integer> POPPED = Set.of(ResponseCode.SUCCESS, ResponseCode.POLLING_TIMEOUT,
            ResponseCode.PULL_NOT_FOUND, ResponseCode.NO_MESSAGE);

    private final RouteTable routes;
    private final Rpc rpc;
    private final Membership membership;
    private final SubscriptionFilters filters;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

    Popping(RouteTable routes, Rpc rpc, Membership membership, SubscriptionFilters filters) {
        this.routes = routes;
        this.rpc = rpc;
        this.membership = membership;
        this.filters = filters;
    }

    CompletableFuture<List<PoppedDelivery>> pop(String group, SubscriptionSpec subscription, int maxCount,
                                                Duration invisibleTime, Duration pollTime, boolean fifo) {
        filters.compile(subscription);
        TopicLayout layout = routes.layout(subscription.topic());
        if (!layout.exists()) {
            throw new GatewayException(Kind.TOPIC_NOT_FOUND, "topic " + subscription.topic() + " does not exist");
        }
        List<String> brokers = layout.queues().readQueues().stream().map(BrokerQueue::brokerName).distinct()
                .toList();
        if (brokers.isEmpty()) {
            throw new GatewayException(Kind.FORBIDDEN, "topic " + subscription.topic() + " has no readable queue");
        }
        int initMode = membership.knownSettings(group).startFrom() == ConsumerSettings.StartFrom.FIRST_OFFSET
                ? INIT_MIN : INIT_MAX;
        int first = Math.floorMod(turns.computeIfAbsent(group + "@" + subscription.topic(),
                k -> new AtomicInteger()).getAndIncrement(), brokers.size());
        return popFrom(brokers, first, 0, group, subscription, layout, maxCount, invisibleTime, pollTime, fifo,
                initMode);
    }

    /** Pops at the broker {@code step} places after {@code first}; the last one in turn waits the poll time. */
    private CompletableFuture<List<PoppedDelivery>> popFrom(List<String> brokers, int first, int step, String group,
                                                            SubscriptionSpec subscription, TopicLayout layout,
                                                            int maxCount, Duration invisibleTime, Duration pollTime,
                                                            boolean fifo, int initMode) {
        boolean last = step == brokers.size() - 1;
        String brokerName = brokers.get((first + step) % brokers.size());
        Duration wait = last ? pollTime : Duration.ZERO;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("consumerGroup", group);
        h.put("topic", subscription.topic());
        h.put("queueId", -1);
        h.put("maxMsgNums", maxCount);
        h.put("invisibleTime", invisibleTime.toMillis());
        h.put("pollTime", wait.toMillis());
        h.put("bornTime", System.currentTimeMillis());
        h.put("initMode", initMode);
        h.put("expType", subscription.kind().name());
        h.put("exp", subscription.expression());
        h.put("order", fifo);
        CompletableFuture<List<PoppedDelivery>> popped = rpc.call(routes.address(brokerName),
                        Requests.request(RequestCode.POP_MESSAGE, h), wait.plus(POP_GRACE), POPPED)
                .thenApply(answer -> deliveries(answer, brokerName, subscription.topic(), layout, fifo));
        if (last) {
            return popped;
        }
        return popped.thenCompose(found -> found.isEmpty() ? popFrom(brokers, first, step + 1, group, subscription,
                layout, maxCount, invisibleTime, pollTime, fifo, initMode) : CompletableFuture.completedFuture(found));
    }

    /** The pop answer's messages with their receipt handles, as RocketMQ's client builds them. */
    private static List<PoppedDelivery> deliveries(RemotingCommand answer, String brokerName, String topic,
                                                   TopicLayout layout, boolean fifo) {
        if (answer.code() != ResponseCode.SUCCESS) {
            return List.of();
        }
        long popTime = Requests.longField(answer, "popTime", 0);
        long invisibleTime = Requests.longField(answer, "invisibleTime", 0);
        int reviveQid = (int) Requests.longField(answer, "reviveQid", 0);
        Map<String, Long> startOffsets = offsetInfo(answer.extField("startOffsetInfo"));
        Map<String, Long> orderCounts = offsetInfo(answer.extField("orderCountInfo"));
        List<PoppedDelivery> deliveries = new ArrayList<>();
        for (WireMessage m : Pulling.decode(answer.body())) {
            String retry = PopReceipt.retryOf(m.topic());
            String queueKey = retry + "@" + m.queueId();
            Long checkPoint = startOffsets.get(queueKey);
            String handle = m.property(POP_CK);
            if (handle == null) {
                // Built from the answer's header, as RocketMQ's client does when the broker did not write one.
                handle = new PopReceipt(checkPoint != null ? checkPoint : m.queueOffset(), popTime, invisibleTime,
                        reviveQid, retry, brokerName, m.queueId(), m.queueOffset()).handle();
            }
            int attempt = m.reconsumeTimes() + 1;
            if (fifo) {
                Long count = orderCounts.get(retry + "@qo" + m.queueId() + "%" + m.queueOffset());
                if (count == null) {
                    count = orderCounts.get(queueKey);
                }
                if (count != null && count > 0) {
                    attempt = (int) (count + 1);
                }
            }
            int index = m.topic().equals(topic) ? layout.queues().readIndex(brokerName, m.queueId()) : -1;
            deliveries.add(new PoppedDelivery(m.delivered(index >= 0 ? index : m.queueId()), topic, handle,
                    attempt));
        }
        return deliveries;
    }

    /** {@code retry queueKey value;...} as the pop answer's startOffsetInfo and orderCountInfo write them. */
    private static Map<String, Long> offsetInfo(String info) {
        Map<String, Long> map = new HashMap<>();
        if (info == null || info.isBlank()) {
            return map;
        }
        for (String one : info.split(";")) {
            String[] f = one.trim().split(" ");
            if (f.length == 3) {
                try {
                    map.put(f[0] + "@" + f[1], Long.parseLong(f[2]));
                } catch (NumberFormatException ignored) {
                    // An entry this client cannot read is left out; its messages get handles without it.
                }
            }
        }
        return map;
    }

    CompletableFuture<Void> ack(String group, String topic, String receiptHandle) {
        PopReceipt receipt = PopReceipt.parse(receiptHandle);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("consumerGroup", group);
        h.put("topic", receipt.realTopic(topic, group));
        h.put("queueId", receipt.queueId());
        h.put("extraInfo", receipt.handle());
        h.put("offset", receipt.queueOffset());
        return rpc.call(routes.address(receipt.brokerName()), Requests.request(RequestCode.ACK_MESSAGE, h),
                Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS)).thenApply(answer -> null);
    }

    CompletableFuture<String> changeInvisibleDuration(String group, String topic, String receiptHandle,
                                                      Duration invisibleTime) {
        PopReceipt receipt = PopReceipt.parse(receiptHandle);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("consumerGroup", group);
        h.put("topic", receipt.realTopic(topic, group));
        h.put("queueId", receipt.queueId());
        h.put("extraInfo", receipt.handle());
        h.put("offset", receipt.queueOffset());
        h.put("invisibleTime", invisibleTime.toMillis());
        return rpc.call(routes.address(receipt.brokerName()),
                        Requests.request(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, h), Rpc.TIMEOUT,
                        Set.of(ResponseCode.SUCCESS))
                .thenApply(answer -> new PopReceipt(receipt.queueOffset(), Requests.longField(answer, "popTime"),
                        Requests.longField(answer, "invisibleTime"), (int) Requests.longField(answer, "reviveQid"),
                        receipt.retry(), receipt.brokerName(), receipt.queueId(), receipt.queueOffset()).handle());
    }
}
