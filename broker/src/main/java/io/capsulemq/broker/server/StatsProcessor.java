package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.admin.GroupView;
import io.capsulemq.broker.engine.admin.QueueProgress;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.MessageQueueData;
import io.capsulemq.broker.server.body.OffsetWrapperData;
import io.capsulemq.broker.server.body.TopicOffsetData;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Progress for operators ({@code mqadmin consumerProgress}, {@code topicStatus}): GET_CONSUME_STATS (a group's
 * position and lag per queue) and GET_TOPIC_STATS_INFO (a topic's queue bounds).
 */
final class StatsProcessor implements RequestProcessor {
    private final Broker broker;

    StatsProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_CONSUME_STATS -> consumeStats(RequestFields.of(request));
            case RequestCode.GET_TOPIC_STATS_INFO -> topicStats(RequestFields.of(request).string("topic"));
            default -> throw new IllegalStateException("not a stats code: " + request.code());
        };
    }

    /**
     * The group's offset on every queue of the topics it consumes (or of those {@code topicList} names, else of
     * {@code topic} when named): the queue's end, the committed offset (0 when none) and the store time of the last
     * message consumed.
     */
    private CompletableFuture<RemotingCommand> consumeStats(RequestFields f) {
        String group = f.string("consumerGroup");
        Set<String> topics = new HashSet<>();
        String topicList = f.optionalString("topicList");
        String topic = f.optionalString("topic");
        if (topicList != null) {
            Arrays.stream(topicList.split(";")).filter(t -> !t.isBlank()).forEach(topics::add);
        } else if (topic != null) {
            topics.add(topic);
        }
        GroupView view = broker.admin().group(group);
        Map<MessageQueueData, OffsetWrapperData> table = new LinkedHashMap<>();
        for (QueueProgress q : view.queues()) {
            if (!topics.isEmpty() && !topics.contains(q.topic())) {
                continue;
            }
            long consumed = Math.max(0, q.committedOffset());
            table.put(queue(q.topic(), q.queueId()), new OffsetWrapperData(q.maxOffset(), consumed, consumed,
                    storeTime(q.topic(), q.queueId(), consumed - 1)));
        }
        Map<String, Object> members = Map.of("consumeTps", 0.0);
        return Responses.done(Responses.success().body(Json.queueKeyed(members, "offsetTable", table)));
    }

    private CompletableFuture<RemotingCommand> topicStats(String topic) {
        TopicConfig config = ConsumeChecks.existingTopic(broker, topic);
        Map<MessageQueueData, TopicOffsetData> table = new LinkedHashMap<>();
        for (int q = 0; q < config.writeQueueNums(); q++) {
            long max = broker.store().maxOffset(topic, q);
            table.put(queue(topic, q), new TopicOffsetData(broker.store().minOffset(topic, q), max,
                    storeTime(topic, q, max - 1)));
        }
        Map<String, Object> members = Map.of("topicPutTps", 0.0);
        return Responses.done(Responses.success().body(Json.queueKeyed(members, "offsetTable", table)));
    }

    /** The store time of the message at {@code offset}, 0 when there is none. */
    private long storeTime(String topic, int queueId, long offset) {
        if (offset < 0) {
            return 0;
        }
        GetResult r = broker.store().get(topic, queueId, offset, 1, MessageFilter.ALL);
        return r.messages().isEmpty() ? 0 : r.messages().get(0).storeTimestamp();
    }

    private MessageQueueData queue(String topic, int queueId) {
        return new MessageQueueData(topic, broker.config().brokerName(), queueId);
    }
}
