package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.codec.BatchDecoder;
import io.capsulemq.broker.server.codec.BatchEntry;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutStatus;
import io.capsulemq.broker.store.message.MessageProperties;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE: the message (or the batch body's messages) goes to the
 * engine's send service, and the answer carries what the producer's {@code SendResult} is made of: the offset
 * message id(s) the client decodes to find the message again, queue id and queue offset, and for a transactional
 * message the transaction id. A consumer's own resend to its retry topic goes to the dead letters once retried too
 * often, as RocketMQ's broker sends it.
 */
final class SendProcessor implements RequestProcessor {
    /** RocketMQ brokers name their region in every send response; the client copies it into its SendResult. */
    private static final String REGION = "DefaultRegion";
    private static final String REGION_FIELD = "MSG_REGION";
    /** Whether the broker wants message traces; the client reads it from every send response. */
    private static final String TRACE_FIELD = "TRACE_ON";

    private final Broker broker;
    private final TrafficStats traffic;

    SendProcessor(Broker broker, TrafficStats traffic) {
        this.broker = broker;
        this.traffic = traffic;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        SendHeader header = SendHeader.read(request);
        InetSocketAddress bornHost = bornHost(connection);
        CompletableFuture<SendResult> sent;
        if (request.code() == RequestCode.SEND_BATCH_MESSAGE) {
            List<BatchEntry> entries = BatchDecoder.decode(request.body());
            if (!entries.isEmpty()) {
                autoCreate(header, entries.get(0).properties());
            }
            int queueId = header.queueId() >= 0 ? header.queueId() : anyQueue(header.topic());
            List<MessageToStore> batch = new ArrayList<>();
            for (BatchEntry entry : entries) {
                batch.add(message(header.topic(), queueId, header, bornHost, entry.flag(), entry.body(),
                        entry.properties()));
            }
            sent = broker.sender().sendBatch(batch);
        } else {
            Map<String, String> properties = MessageProperties.decode(header.properties());
            String deadLetters = exhaustedRetry(header);
            if (deadLetters != null) {
                properties = new LinkedHashMap<>(properties);
                properties.remove(MessageProperties.DELAY_LEVEL);
                sent = broker.sender().send(message(deadLetters, 0, header, bornHost, header.flag(), request.body(),
                        properties));
            } else {
                autoCreate(header, properties);
                int queueId = header.queueId() >= 0 ? header.queueId() : anyQueue(header.topic());
                sent = broker.sender().send(message(header.topic(), queueId, header, bornHost, header.flag(),
                        request.body(), properties));
            }
        }
        return sent.thenApply(result -> {
            traffic.put(result.offsetMessageIds().size());
            return response(result);
        });
    }

    /**
     * The group's dead-letter topic when this is a consumer's own resend of a failed message to its retry topic (what
     * RocketMQ's clients do when CONSUMER_SEND_MSG_BACK failed) and the message was tried more often than the
     * consumer's limit (or, without one, the group's); null otherwise.
     */
    private String exhaustedRetry(SendHeader header) {
        if (!SystemTopics.isRetry(header.topic())) {
            return null;
        }
        String group = header.topic().substring(SystemTopics.RETRY_PREFIX.length());
        int max = header.maxReconsumeTimes() >= 0 ? header.maxReconsumeTimes()
                : ConsumeChecks.group(broker, group).retryMaxTimes();
        if (header.reconsumeTimes() <= max) {
            return null;
        }
        String deadLetters = SystemTopics.deadLetterTopic(group);
        broker.topics().ensure(deadLetters, 1, Permission.READ_WRITE);
        return deadLetters;
    }

    private static MessageToStore message(String topic, int queueId, SendHeader header, InetSocketAddress bornHost,
                                          int flag, byte[] body, Map<String, String> properties) {
        return MessageToStore.builder(topic, queueId)
                .body(body)
                .flag(flag)
                .sysFlag(header.sysFlag())
                .properties(properties)
                .bornTimestamp(header.bornTimestamp())
                .bornHost(bornHost)
                .reconsumeTimes(header.reconsumeTimes())
                .build();
    }

    /**
     * Creates the topic of a first send with the queue count the producer expected (RocketMQ's clients choose the
     * queue, by turn or by message group, from the template topic's route with that many queues): at most as many
     * as the template topic has. Other first sends create it with the broker's default, in the engine.
     */
    private void autoCreate(SendHeader header, Map<String, String> properties) {
        if (header.defaultTopicQueueNums() <= 0 || broker.topics().find(header.topic()).isPresent()
                || !broker.topics().autoCreateEnabled() || SystemTopics.isRetry(header.topic())) {
            return;
        }
        int template = broker.topics().find(SystemTopics.AUTO_CREATE_DEFAULT).map(TopicConfig::writeQueueNums)
                .orElse(broker.config().defaultTopicQueueNums());
        broker.topics().findOrAutoCreate(header.topic(), MessageType.of(properties),
                Math.min(header.defaultTopicQueueNums(), template));
    }

    /** A queue for a producer that left the choice to the broker (queue id -1). */
    private int anyQueue(String topic) {
        int queues = broker.topics().find(topic).map(TopicConfig::writeQueueNums)
                .orElse(broker.config().defaultTopicQueueNums());
        return ThreadLocalRandom.current().nextInt(queues);
    }

    private static RemotingCommand response(SendResult result) {
        RemotingCommand.Builder response = Responses.of(code(result.status()))
                .extField("msgId", String.join(",", result.offsetMessageIds()))
                .extField("queueId", Integer.toString(result.queueId()))
                .extField("queueOffset", Long.toString(result.queueOffset()))
                .extField(REGION_FIELD, REGION)
                .extField(TRACE_FIELD, "true");
        if (result.messageIds().size() == 1) {
            response.extField("transactionId", result.messageId());
        }
        return response.build();
    }

    private static int code(PutStatus status) {
        return switch (status) {
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            default -> ResponseCode.SUCCESS;
        };
    }

    static InetSocketAddress bornHost(RemotingConnection connection) {
        return connection.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet : new InetSocketAddress("127.0.0.1", 0);
    }
}
