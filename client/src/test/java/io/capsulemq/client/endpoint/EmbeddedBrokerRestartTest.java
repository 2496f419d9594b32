package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.transaction.PendingHalf;
import io.capsulemq.client.Await;
import io.capsulemq.client.local.LocalGateway;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts in the middle, through a {@code local:<dir>} endpoint as an application sees them: the embedded broker
 * closes with its last client and starts again over the same folder with the next one. What was promised before
 * (a timed message, an open transaction, a group's progress) is kept across the downtime.
 */
class EmbeddedBrokerRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SETTINGS = "commitLogSegmentSize=4m&maxMessageSize=256k"
            + "&consumeQueueEntriesPerSegment=1024&indexHashSlots=1024&indexEntriesPerFile=4096&minFreeBytes=0"
            + "&diskFullRatio=1.0&diskMaxUsedRatio=1.0&transactionTimeout=1s&transactionCheckInterval=1s";

    private final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private final List<MessageView> received = new CopyOnWriteArrayList<>();
    private ClientConfiguration configuration;
    private String endpoint;

    @BeforeEach
    void endpoint(@TempDir Path dir) {
        endpoint = "local:" + dir + "?" + SETTINGS;
        configuration = ClientConfiguration.newBuilder().setEndpoints(endpoint).build();
    }

    /** Works on the embedded broker as an operator would (its admin API), holding it only meanwhile. */
    private void operate(Consumer<Broker> work) {
        try (GatewayLease lease = CapsuleEndpoints.open(endpoint)) {
            work.accept(((LocalGateway) lease.gateway()).broker());
        }
    }

    /** Whether the embedded broker of the endpoint is running: it is not between two lives. */
    private boolean running() {
        return EmbeddedBrokers.isRunning(LocalEndpoint.parse(endpoint).dataDir());
    }

    private PushConsumer consumer(String group, String topic) throws ClientException {
        return provider.newPushConsumerBuilder().setClientConfiguration(configuration).setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setMessageListener(view -> {
                    received.add(view);
                    return ConsumeResult.SUCCESS;
                }).build();
    }

    private Producer producer(String topic) throws ClientException {
        return provider.newProducerBuilder().setClientConfiguration(configuration).setTopics(topic).build();
    }

    private Producer producer(String topic, TransactionChecker checker) throws ClientException {
        return provider.newProducerBuilder().setClientConfiguration(configuration).setTopics(topic)
                .setTransactionChecker(checker).build();
    }

    private List<String> bodies() {
        return received.stream().map(v -> StandardCharsets.UTF_8.decode(v.getBody()).toString()).sorted().toList();
    }

    @Test
    void shouldDeliverATimedMessageDueDuringTheDowntimeOnceAfterTheRestart() throws Exception {
        operate(broker -> broker.topics().createOrUpdate(TopicConfig.of("timed", 2, MessageType.DELAY)));
        PushConsumer consumer = consumer("timed-group", "timed");
        long due = System.currentTimeMillis() + 1_500;
        SendReceipt sent;
        try (Producer producer = producer("timed")) {
            sent = producer.send(provider.newMessageBuilder().setTopic("timed").setDeliveryTimestamp(due)
                    .setBody("due while down".getBytes(StandardCharsets.UTF_8)).build());
        }
        consumer.close();
        assertTrue(!running(), "the broker closed with its last client");
        assertTrue(received.isEmpty(), "not delivered before its time");

        Await.quietFor(Duration.ofMillis(Math.max(0, due - System.currentTimeMillis()) + 500));
        consumer = consumer("timed-group", "timed");
        Await.until(WAIT, () -> !received.isEmpty(), "the message due during the downtime arrives");
        MessageView view = received.get(0);
        assertEquals(sent.getMessageId(), view.getMessageId());
        assertEquals(Optional.of(due), view.getDeliveryTimestamp());
        assertEquals("timed", view.getTopic());
        consumer.close();

        consumer = consumer("timed-group", "timed");
        Await.quietFor(Duration.ofSeconds(1));
        consumer.close();
        assertEquals(1, received.size(), "delivered once, not again after another restart: " + received);
        operate(broker -> assertEquals(0, broker.timer().pendingCount(), "nothing left in the timer"));
    }

    @Test
    void shouldResolveAHalfMessagePendingAcrossTheRestartByCheckingBack() throws Exception {
        operate(broker -> broker.topics().createOrUpdate(TopicConfig.of("orders", 2, MessageType.TRANSACTION)));
        PushConsumer consumer = consumer("order-readers", "orders");
        SendReceipt sent;
        try (Producer producer = producer("orders", view -> TransactionResolution.UNKNOWN)) {
            sent = producer.send(provider.newMessageBuilder().setTopic("orders").addProperty("OrderId", "o-1")
                    .setBody("order o-1".getBytes(StandardCharsets.UTF_8)).build(), producer.beginTransaction());
        }
        consumer.close();
        assertTrue(!running(), "the broker closed with its last client");

        String id = sent.getMessageId().toString();
        operate(broker -> assertEquals(List.of(id), broker.admin().pendingHalfMessages(10).stream()
                .map(PendingHalf::messageId).toList(), "the half message is still pending after the restart"));
        List<MessageView> asked = new CopyOnWriteArrayList<>();
        consumer = consumer("order-readers", "orders");
        Producer checker = producer("orders", view -> {
            asked.add(view);
            return "o-1".equals(view.getProperties().get("OrderId")) ? TransactionResolution.COMMIT
                    : TransactionResolution.ROLLBACK;
        });
        Await.until(WAIT, () -> !received.isEmpty(), "the checker's COMMIT delivers the message");
        assertEquals(id, asked.get(0).getMessageId().toString());
        assertEquals(id, received.get(0).getMessageId().toString());
        assertEquals(Map.of("OrderId", "o-1"), received.get(0).getProperties());
        checker.close();
        consumer.close();
        operate(broker -> assertEquals(List.of(), broker.admin().pendingHalfMessages(10), "nothing pending"));
    }

    @Test
    void shouldKeepTheGroupsCommittedOffsetsAcrossACloseAndReopen() throws Exception {
        operate(broker -> broker.topics().createOrUpdate(TopicConfig.of("kept", 2, MessageType.NORMAL)));
        PushConsumer consumer = consumer("keepers", "kept");
        try (Producer producer = producer("kept")) {
            for (int i = 0; i < 4; i++) {
                producer.send(provider.newMessageBuilder().setTopic("kept")
                        .setBody(("a" + i).getBytes(StandardCharsets.UTF_8)).build());
            }
        }
        Await.until(WAIT, () -> received.size() == 4, "the first messages arrive");
        consumer.close();
        assertTrue(!running(), "the broker closed with its last client");
        received.clear();

        try (Producer producer = producer("kept")) {
            for (int i = 0; i < 4; i++) {
                producer.send(provider.newMessageBuilder().setTopic("kept")
                        .setBody(("b" + i).getBytes(StandardCharsets.UTF_8)).build());
            }
            consumer = consumer("keepers", "kept");
            Await.until(WAIT, () -> received.size() >= 4, "the messages sent while the group was away arrive");
            Await.quietFor(Duration.ofMillis(500));
            consumer.close();
        }
        assertEquals(List.of("b0", "b1", "b2", "b3"), bodies(), "the group went on where it stopped");
    }
}
