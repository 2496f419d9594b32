package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.MessageQueueData;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * INVOKE_BROKER_TO_RESET_OFFSET: moves a group's offsets on a topic, to the first message stored at or after
 * {@code timestamp} on every queue ({@code -1}: to the end of each queue), or on one queue to a given
 * {@code offset}. Live consumers of the group are told (RESET_CONSUMER_CLIENT_OFFSET); the answer lists the new
 * offsets.
 */
final class ResetOffsetProcessor implements RequestProcessor {
    private static final long TO_END = -1;

    private final Broker broker;

    ResetOffsetProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        String group = f.string("group");
        String topic = f.string("topic");
        long timestamp = f.longValue("timestamp");
        int queueId = f.optionalInteger("queueId", -1);
        long offset = f.optionalLong("offset", -1);
        TopicConfig config = ConsumeChecks.existingTopic(broker, topic);
        Map<Integer, Long> reset;
        if (queueId >= 0 && offset >= 0) {
            ConsumeChecks.readQueue(config, queueId);
            reset = move(group, topic, Map.of(queueId, offset));
        } else if (timestamp == TO_END) {
            Map<Integer, Long> ends = new TreeMap<>();
            for (int q = 0; q < config.readQueueNums(); q++) {
                ends.put(q, broker.store().maxOffset(topic, q));
            }
            reset = move(group, topic, ends);
        } else {
            reset = broker.admin().resetOffsets(group, topic, timestamp);
        }
        Map<MessageQueueData, Long> table = new LinkedHashMap<>();
        reset.forEach((q, o) -> table.put(new MessageQueueData(topic, broker.config().brokerName(), q), o));
        return Responses.done(Responses.success().body(Json.queueKeyed(Map.of(), "offsetTable", table)));
    }

    /** Commits the offsets, moves the group's pop position with them and tells live consumers. */
    private Map<Integer, Long> move(String group, String topic, Map<Integer, Long> offsets) {
        offsets.forEach((q, o) -> {
            broker.offsets().commit(group, topic, q, o);
            broker.pop().resetOffset(group, topic, q, o);
        });
        broker.offsets().persist();
        for (ConsumerRegistry.Member member : broker.consumers().members(group)) {
            member.connection().resetOffsets(group, topic, offsets);
        }
        return offsets;
    }
}
