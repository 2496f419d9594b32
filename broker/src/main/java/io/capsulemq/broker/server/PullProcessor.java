package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.client.Subscription;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.codec.MessageEncoder;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.StoredMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE. The request's system flag says whether to commit the consumer's offset first
 * (bit 0), whether the pull may wait for messages (bit 1, long polling: held up to {@code suspendTimeoutMillis}
 * until a message arrives in the queue) and whether it carries its subscription (bit 2; otherwise the group's
 * subscription from its members' heartbeats applies). Messages come back in RocketMQ's stored-message layout; the
 * store's read status maps to the response codes as RocketMQ's broker maps it.
 */
final class PullProcessor implements RequestProcessor {
    static final int FLAG_COMMIT_OFFSET = 1;
    static final int FLAG_SUSPEND = 1 << 1;
    static final int FLAG_SUBSCRIPTION = 1 << 2;
    /** At most this many messages per pull, as RocketMQ hands out at most 32 from memory. */
    static final int MAX_MESSAGES = 32;
    /** A pull body stops growing past this many bytes (it always holds at least one message). */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final Broker broker;
    private final FilterCache filters;
    private final TrafficStats traffic;

    PullProcessor(Broker broker, FilterCache filters, TrafficStats traffic) {
        this.broker = broker;
        this.filters = filters;
        this.traffic = traffic;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        String group = f.string("consumerGroup");
        String topic = f.string("topic");
        int queueId = f.integer("queueId");
        long offset = f.longValue("queueOffset");
        int maxMessages = f.integer("maxMsgNums");
        int sysFlag = f.integer("sysFlag");
        long commitOffset = f.optionalLong("commitOffset", -1);
        long suspendMillis = f.optionalLong("suspendTimeoutMillis", 0);
        if (offset < 0) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "queueOffset must not be negative: " + offset);
        }
        ConsumeChecks.group(broker, group);
        TopicConfig config = ConsumeChecks.readableTopic(broker, topic);
        ConsumeChecks.readQueue(config, queueId);
        MessageFilter filter = (sysFlag & FLAG_SUBSCRIPTION) != 0
                ? filters.compile(f.optionalString("expressionType"), f.optionalString("subscription"))
                : registeredFilter(group, topic);
        if ((sysFlag & FLAG_COMMIT_OFFSET) != 0 && commitOffset >= 0) {
            broker.offsets().commit(group, topic, queueId, commitOffset);
        }
        Duration suspend = (sysFlag & FLAG_SUSPEND) != 0 ? Duration.ofMillis(Math.max(0, suspendMillis))
                : Duration.ZERO;
        int count = Math.max(1, Math.min(maxMessages, MAX_MESSAGES));
        return broker.puller().pull(topic, queueId, offset, count, filter, suspend)
                .thenApply(result -> response(result, offset));
    }

    private MessageFilter registeredFilter(String group, String topic) {
        Subscription subscription = broker.consumers().subscription(group, topic).orElseThrow(() ->
                Responses.refuse(ResponseCode.SUBSCRIPTION_NOT_EXIST, "consumer group " + group
                        + " has no member subscribed to " + topic + " and the pull carries no subscription"));
        return filters.compile(subscription.filterType().name(), subscription.expression());
    }

    private RemotingCommand response(GetResult result, long requestedOffset) {
        List<StoredMessage> messages = withinBudget(result.messages());
        long nextOffset = messages.size() < result.messages().size()
                ? messages.get(messages.size() - 1).queueOffset() + 1 : result.nextOffset();
        RemotingCommand.Builder response = Responses.of(code(result, requestedOffset))
                .extField("suggestWhichBrokerId", "0")
                .extField("nextBeginOffset", Long.toString(nextOffset))
                .extField("minOffset", Long.toString(result.minOffset()))
                .extField("maxOffset", Long.toString(result.maxOffset()));
        if (!messages.isEmpty()) {
            response.body(MessageEncoder.encodeAll(messages));
            traffic.got(messages.size());
        }
        return response.build();
    }

    private static int code(GetResult result, long requestedOffset) {
        if (!result.messages().isEmpty()) {
            return ResponseCode.SUCCESS;
        }
        return switch (result.status()) {
            case FOUND, NO_MATCHED_MESSAGE -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE -> requestedOffset != 0
                    ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
            case OFFSET_FOUND_NULL, OFFSET_OVERFLOW_ONE -> ResponseCode.PULL_NOT_FOUND;
            case OFFSET_OVERFLOW_BADLY, OFFSET_TOO_SMALL -> ResponseCode.PULL_OFFSET_MOVED;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
        };
    }

    /** The leading messages that fit {@link #MAX_BODY_BYTES}; at least one. */
    private static List<StoredMessage> withinBudget(List<StoredMessage> messages) {
        List<StoredMessage> kept = new ArrayList<>(messages.size());
        long bytes = 0;
        for (StoredMessage m : messages) {
            bytes += MessageEncoder.encodedLength(m);
            if (!kept.isEmpty() && bytes > MAX_BODY_BYTES) {
                break;
            }
            kept.add(m);
        }
        return kept;
    }
}
