package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.TopicConfigTableBody;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Topics for operators: UPDATE_AND_CREATE_TOPIC, DELETE_TOPIC_IN_BROKER, GET_ALL_TOPIC_CONFIG and GET_TOPIC_CONFIG
 * (one topic, as RocketMQ's {@code TopicConfigAndQueueMapping} without a static-topic mapping). A topic's
 * message type is RocketMQ 5's {@code message.type} attribute ({@code +message.type=FIFO}); a topic created without
 * one is MIXED, taking every kind of message as topics did before RocketMQ 5 typed them (and as RocketMQ's broker
 * does unless told to check types); an update without one keeps the topic's type.
 */
final class TopicAdminProcessor implements RequestProcessor {
    private final Broker broker;
    private final TopicTable table;

    TopicAdminProcessor(Broker broker, TopicTable table) {
        this.broker = broker;
        this.table = table;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        return switch (request.code()) {
            case RequestCode.UPDATE_AND_CREATE_TOPIC -> createOrUpdate(f);
            case RequestCode.DELETE_TOPIC_IN_BROKER -> {
                broker.admin().deleteTopic(f.string("topic"));
                yield Responses.ok();
            }
            case RequestCode.GET_ALL_TOPIC_CONFIG -> all(f);
            case RequestCode.GET_TOPIC_CONFIG -> one(f.string("topic"));
            default -> throw new IllegalStateException("not a topic admin code: " + request.code());
        };
    }

    private CompletableFuture<RemotingCommand> createOrUpdate(RequestFields f) {
        String topic = f.string("topic");
        int readQueues = f.integer("readQueueNums");
        int writeQueues = f.integer("writeQueueNums");
        int perm = f.integer("perm");
        String attributes = f.optionalString("attributes");
        Optional<TopicConfig> existing = broker.topics().find(topic);
        MessageType type = messageType(attributes)
                .orElse(existing.map(TopicConfig::messageType).orElse(MessageType.MIXED));
        broker.admin().createOrUpdateTopic(new TopicConfig(topic, readQueues, writeQueues, perm, type));
        return Responses.ok();
    }

    /** The message type an attributes modification ({@code +key=value,-key,...}) sets, if it sets one. */
    static Optional<MessageType> messageType(String attributes) {
        if (attributes == null || attributes.isBlank()) {
            return Optional.empty();
        }
        for (String modification : attributes.split(",")) {
            String m = modification.trim();
            int eq = m.indexOf('=');
            if (eq < 0 || !m.startsWith("+")) {
                continue;
            }
            if (m.substring(1, eq).trim().equals(TopicTable.MESSAGE_TYPE_ATTRIBUTE)) {
                String value = m.substring(eq + 1).trim();
                try {
                    return Optional.of(MessageType.valueOf(value.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "unknown message.type '" + value
                            + "' (NORMAL, FIFO, DELAY, TRANSACTION or MIXED)");
                }
            }
        }
        return Optional.empty();
    }

    private CompletableFuture<RemotingCommand> one(String topic) {
        return broker.topics().find(topic)
                .map(config -> Responses.done(Responses.success().body(Json.write(TopicTable.data(config)))))
                .orElseThrow(() -> Responses.refuse(ResponseCode.TOPIC_NOT_EXIST,
                        "No topic in this broker. topic: " + topic));
    }

    /** The table, or the page of it a 5.x client asks for ({@code topicSeq}, {@code maxTopicNum}). */
    private CompletableFuture<RemotingCommand> all(RequestFields f) {
        TopicConfigTableBody all = table.snapshot();
        TopicConfigTableBody page = new TopicConfigTableBody(all.dataVersion(), TableVersion.page(
                all.topicConfigTable(), f.optionalInteger("topicSeq", 0), f.optionalInteger("maxTopicNum", 0)));
        return Responses.done(Responses.success()
                .extField("totalTopicNum", Integer.toString(all.topicConfigTable().size()))
                .body(Json.write(page)));
    }
}
