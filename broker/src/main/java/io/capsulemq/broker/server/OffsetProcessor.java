package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets: a consumer group's committed offset (QUERY_CONSUMER_OFFSET, UPDATE_CONSUMER_OFFSET) and a queue's bounds
 * (GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP, GET_EARLIEST_MSG_STORETIME).
 */
final class OffsetProcessor implements RequestProcessor {
    private final Broker broker;

    OffsetProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        return switch (request.code()) {
            case RequestCode.QUERY_CONSUMER_OFFSET -> query(f);
            case RequestCode.UPDATE_CONSUMER_OFFSET -> update(f);
            case RequestCode.GET_MAX_OFFSET ->
                    offset(broker.store().maxOffset(f.string("topic"), f.integer("queueId")));
            case RequestCode.GET_MIN_OFFSET ->
                    offset(broker.store().minOffset(f.string("topic"), f.integer("queueId")));
            case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> offset(search(f));
            case RequestCode.GET_EARLIEST_MSG_STORETIME -> earliest(f.string("topic"), f.integer("queueId"));
            default -> throw new IllegalStateException("not an offset code: " + request.code());
        };
    }

    /**
     * The committed offset. A group with none on a queue that still holds its first message (minimum offset 0)
     * starts at 0, as RocketMQ's broker answers while that message is at hand, unless the client asked not to
     * ({@code setZeroIfNotFound=false}); otherwise QUERY_NOT_FOUND lets the client apply its consume-from setting.
     */
    private CompletableFuture<RemotingCommand> query(RequestFields f) {
        String group = f.string("consumerGroup");
        String topic = f.string("topic");
        int queueId = f.integer("queueId");
        boolean zeroIfNotFound = f.optionalBoolean("setZeroIfNotFound", true);
        OptionalLong committed = broker.offsets().committed(group, topic, queueId);
        if (committed.isPresent()) {
            return offset(committed.getAsLong());
        }
        if (zeroIfNotFound && broker.topics().find(topic).isPresent()
                && broker.store().minOffset(topic, queueId) <= 0) {
            return offset(0);
        }
        throw Responses.refuse(ResponseCode.QUERY_NOT_FOUND, "consumer group " + group + " has no offset on "
                + topic + "#" + queueId);
    }

    private CompletableFuture<RemotingCommand> update(RequestFields f) {
        String group = f.string("consumerGroup");
        String topic = f.string("topic");
        int queueId = f.integer("queueId");
        long offset = f.longValue("commitOffset");
        TopicConfig config = ConsumeChecks.existingTopic(broker, topic);
        ConsumeChecks.readQueue(config, queueId);
        if (offset < 0) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "commitOffset must not be negative: " + offset);
        }
        broker.offsets().commit(group, topic, queueId, offset);
        return Responses.ok();
    }

    /**
     * The offset by store time. The lower boundary (RocketMQ 5's default, and all a 4.x client knows) is the first
     * message stored at or after the time; the upper one the last message stored at or before it (or the queue's
     * first offset when none was).
     */
    private long search(RequestFields f) {
        String topic = f.string("topic");
        int queueId = f.integer("queueId");
        long timestamp = f.longValue("timestamp");
        String boundary = f.optionalString("boundaryType");
        if (boundary == null || boundary.equalsIgnoreCase("lower")) {
            return broker.store().offsetByTimestamp(topic, queueId, timestamp);
        }
        if (!boundary.equalsIgnoreCase("upper")) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "header field 'boundaryType' is '" + boundary
                    + "'; expected lower or upper");
        }
        // Nothing is stored after the end of time: the first offset after it is the queue's end.
        long firstAfter = timestamp == Long.MAX_VALUE ? broker.store().maxOffset(topic, queueId)
                : broker.store().offsetByTimestamp(topic, queueId, timestamp + 1);
        return Math.max(broker.store().minOffset(topic, queueId), firstAfter - 1);
    }

    /** The store time of the oldest message of the queue, -1 for an empty queue. */
    private CompletableFuture<RemotingCommand> earliest(String topic, int queueId) {
        long min = broker.store().minOffset(topic, queueId);
        GetResult first = broker.store().get(topic, queueId, min, 1, MessageFilter.ALL);
        long timestamp = first.messages().isEmpty() ? -1 : first.messages().get(0).storeTimestamp();
        return Responses.done(Responses.success().extField("timestamp", Long.toString(timestamp)));
    }

    private static CompletableFuture<RemotingCommand> offset(long offset) {
        return Responses.done(Responses.success().extField("offset", Long.toString(offset)));
    }
}
