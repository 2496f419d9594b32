package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.pop.PoppedMessage;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.codec.MessageEncoder;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * POP_MESSAGE: receives messages of a topic for a group through the engine's pop service, each invisible to the rest
 * of the group for the requested time, waiting up to {@code pollTime} when none is there. The engine pops from all
 * of the topic's readable queues; the request's queue id is not a restriction. Every message carries its receipt
 * handle in its {@code POP_CK} property ({@link PopExtraInfo}) and, on a redelivery, its attempt count as reconsume
 * times. An empty answer is POLLING_TIMEOUT.
 */
final class PopProcessor implements RequestProcessor {
    static final String POP_CK = "POP_CK";

    private final Broker broker;
    private final FilterCache filters;
    private final TrafficStats traffic;

    PopProcessor(Broker broker, FilterCache filters, TrafficStats traffic) {
        this.broker = broker;
        this.filters = filters;
        this.traffic = traffic;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        String group = f.string("consumerGroup");
        String topic = f.string("topic");
        f.integer("queueId");
        int maxMessages = f.integer("maxMsgNums");
        long invisibleTime = f.longValue("invisibleTime");
        long pollTime = f.longValue("pollTime");
        boolean fifo = f.optionalBoolean("order", false);
        var filter = filters.compile(f.optionalString("expType"), f.optionalString("exp"));
        int reviveQid = fifo ? PopExtraInfo.ORDER_REVIVE_QID : 0;
        return broker.pop().pop(group, topic, filter, maxMessages, Duration.ofMillis(invisibleTime),
                        Duration.ofMillis(Math.max(0, pollTime)), fifo)
                .thenApply(popped -> response(popped, invisibleTime, reviveQid));
    }

    private RemotingCommand response(List<PoppedMessage> popped, long invisibleTime, int reviveQid) {
        long popTime = broker.config().clock().millis();
        RemotingCommand.Builder response = Responses.of(popped.isEmpty() ? ResponseCode.POLLING_TIMEOUT
                        : ResponseCode.SUCCESS)
                .extField("popTime", Long.toString(popTime))
                .extField("invisibleTime", Long.toString(invisibleTime))
                .extField("reviveQid", Integer.toString(reviveQid))
                .extField("restNum", "0");
        if (popped.isEmpty()) {
            return response.build();
        }
        List<StoredMessage> messages = new ArrayList<>(popped.size());
        Map<Integer, List<Long>> offsetsByQueue = new TreeMap<>();
        for (PoppedMessage p : popped) {
            StoredMessage m = p.message();
            String extraInfo = new PopExtraInfo(m.queueOffset(), popTime, invisibleTime, reviveQid,
                    broker.config().brokerName(), m.queueId(), p.receiptHandle()).encode();
            messages.add(delivered(p, extraInfo));
            offsetsByQueue.computeIfAbsent(m.queueId(), q -> new ArrayList<>()).add(m.queueOffset());
        }
        traffic.got(messages.size());
        return response
                .extField("startOffsetInfo", startOffsetInfo(offsetsByQueue))
                .extField("msgOffsetInfo", msgOffsetInfo(offsetsByQueue))
                .body(MessageEncoder.encodeAll(messages))
                .build();
    }

    /** The message as this delivery hands it out: its check point added, its attempts counted in. */
    private static StoredMessage delivered(PoppedMessage p, String extraInfo) {
        StoredMessage m = p.message();
        Map<String, String> properties = new LinkedHashMap<>(m.properties());
        properties.put(POP_CK, extraInfo);
        return new StoredMessage(p.topic(), m.queueId(), m.flag(), m.queueOffset(), m.commitLogOffset(),
                m.storeSize(), m.sysFlag(), m.bornTimestamp(), m.bornHost(), m.storeTimestamp(), m.storeHost(),
                m.reconsumeTimes() + p.deliveryAttempt() - 1, m.preparedTransactionOffset(), m.body(), properties);
    }

    /** {@code 0 queueId firstOffset} per queue, separated by semicolons, as RocketMQ's clients parse it. */
    private static String startOffsetInfo(Map<Integer, List<Long>> offsetsByQueue) {
        StringBuilder s = new StringBuilder();
        offsetsByQueue.forEach((queueId, offsets) -> (s.isEmpty() ? s : s.append(';'))
                .append("0 ").append(queueId).append(' ').append(offsets.get(0)));
        return s.toString();
    }

    /** {@code 0 queueId offset,offset,...} per queue, separated by semicolons. */
    private static String msgOffsetInfo(Map<Integer, List<Long>> offsetsByQueue) {
        StringBuilder s = new StringBuilder();
        offsetsByQueue.forEach((queueId, offsets) -> {
            (s.isEmpty() ? s : s.append(';')).append("0 ").append(queueId).append(' ');
            for (int i = 0; i < offsets.size(); i++) {
                s.append(i == 0 ? "" : ",").append(offsets.get(i));
            }
        });
        return s.toString();
    }
}
