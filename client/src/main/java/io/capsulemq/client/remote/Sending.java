package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.message.MessageIds;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.gateway.SendOutcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sending: SEND_MESSAGE_V2 with the compact header (fields {@code a} to {@code n}) for one message,
 * SEND_BATCH_MESSAGE with RocketMQ's batch body for several, to the broker holding the queue the producer chose.
 * A half message is noted for ending its transaction later.
 */
final class Sending {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Answers that mean the message is stored; the flush or the replica lagged, as RocketMQ's client accepts. */
    private static final Set<Integer> STORED = Set.of(ResponseCode.SUCCESS, ResponseCode.FLUSH_DISK_TIMEOUT,
            ResponseCode.FLUSH_SLAVE_TIMEOUT, ResponseCode.SLAVE_NOT_AVAILABLE);
    private static final String DEFAULT_PRODUCER_GROUP = "DEFAULT_PRODUCER";

    private final RouteTable routes;
    private final Rpc rpc;
    private final Transactions transactions;

    Sending(RouteTable routes, Rpc rpc, Transactions transactions) {
        this.routes = routes;
        this.rpc = rpc;
        this.transactions = transactions;
    }

    CompletableFuture<SendOutcome> send(OutgoingMessage message) {
        TopicLayout layout = routes.layout(message.topic());
        BrokerQueue queue = layout.queues().write(message.topic(), message.queueId());
        String address = routes.address(queue.brokerName());
        boolean half = Boolean.parseBoolean(message.properties().get(MessageProperties.TRANSACTION_PREPARED));
        String group = message.properties().getOrDefault(MessageProperties.PRODUCER_GROUP, DEFAULT_PRODUCER_GROUP);
        RemotingCommand request = Requests.request(RequestCode.SEND_MESSAGE_V2, header(layout, queue, message,
                        group, half ? WireLayout.SYS_TRANSACTION_PREPARED : 0, false))
                .toBuilder().body(message.body()).build();
        String uniqueId = message.properties().get(MessageProperties.UNIQUE_KEY);
        return rpc.call(address, request, TIMEOUT, STORED).thenApply(answer -> {
            SendOutcome outcome = outcome(answer, List.of(uniqueId), message);
            if (half) {
                transactions.sent(new Transactions.Half(address, group, message.topic(), outcome.commitLogOffset(),
                        outcome.queueOffset(), uniqueId, answer.extField("transactionId") != null
                        ? answer.extField("transactionId") : uniqueId, System.currentTimeMillis()));
            }
            return outcome;
        });
    }

    CompletableFuture<SendOutcome> sendBatch(List<OutgoingMessage> batch) {
        if (batch.isEmpty()) {
            throw new GatewayException(Kind.ILLEGAL_REQUEST, "a batch needs at least one message");
        }
        OutgoingMessage first = batch.get(0);
        List<String> ids = new ArrayList<>();
        for (OutgoingMessage m : batch) {
            if (!m.topic().equals(first.topic()) || m.queueId() != first.queueId()) {
                throw new GatewayException(Kind.ILLEGAL_REQUEST, "the messages of a batch go to one topic and queue: "
                        + first.topic() + "#" + first.queueId() + " and " + m.topic() + "#" + m.queueId());
            }
            if (Boolean.parseBoolean(m.properties().get(MessageProperties.TRANSACTION_PREPARED))
                    || m.properties().containsKey(MessageProperties.DELAY_LEVEL)
                    || m.properties().containsKey(MessageProperties.DELIVER_TIME_MS)) {
                throw new GatewayException(Kind.ILLEGAL_REQUEST, "a batch cannot hold half or timed messages");
            }
            ids.add(m.properties().get(MessageProperties.UNIQUE_KEY));
        }
        TopicLayout layout = routes.layout(first.topic());
        BrokerQueue queue = layout.queues().write(first.topic(), first.queueId());
        String address = routes.address(queue.brokerName());
        byte[] body;
        try {
            body = WireCodec.encodeBatch(batch);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(Kind.ILLEGAL_REQUEST, e.getMessage(), e);
        }
        OutgoingMessage carrier = new OutgoingMessage(first.topic(), first.queueId(), body, Map.of(),
                first.bornTimestamp(), first.bornHost());
        RemotingCommand request = Requests.request(RequestCode.SEND_BATCH_MESSAGE, header(layout, queue, carrier,
                DEFAULT_PRODUCER_GROUP, 0, true)).toBuilder().body(body).build();
        return rpc.call(address, request, TIMEOUT, STORED).thenApply(answer -> outcome(answer, ids, first));
    }

    /** SendMessageRequestHeaderV2: the compact field names a to n. */
    private static Map<String, Object> header(TopicLayout layout, BrokerQueue queue, OutgoingMessage message,
                                              String group, int sysFlag, boolean batch) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("a", group);
        h.put("b", message.topic());
        h.put("c", RouteTable.AUTO_CREATE_TOPIC);
        h.put("d", RouteTable.DEFAULT_TOPIC_QUEUE_NUMS);
        h.put("e", queue.queueId());
        h.put("f", sysFlag);
        h.put("g", message.bornTimestamp());
        h.put("h", 0);
        h.put("i", WireCodec.properties(message.properties()));
        h.put("j", 0);
        h.put("k", false);
        h.put("m", batch);
        h.put("n", queue.brokerName());
        return h;
    }

    /** What the broker's answer says: where the (first) message went; its queue as the producer numbered it. */
    private static SendOutcome outcome(RemotingCommand answer, List<String> ids, OutgoingMessage first) {
        String offsetIds = answer.extField("msgId");
        long commitLogOffset = -1;
        if (offsetIds != null && !offsetIds.isBlank()) {
            try {
                commitLogOffset = MessageIds.decodeOffsetMessageId(offsetIds.split(",")[0].trim())
                        .commitLogOffset();
            } catch (IllegalArgumentException e) {
                throw new GatewayException(Kind.INTERNAL, "the broker's answer has a malformed message id: "
                        + e.getMessage(), e);
            }
        }
        return new SendOutcome(ids, first.topic(), first.queueId(), Requests.longField(answer, "queueOffset", -1),
                commitLogOffset);
    }
}
