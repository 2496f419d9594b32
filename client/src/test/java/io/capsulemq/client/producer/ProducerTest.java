package io.capsulemq.client.producer;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.client.TestBroker;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProducerTest {
    private final ClientServiceProvider provider = TestBroker.provider();
    private TestBroker broker;

    @BeforeEach
    void start(@TempDir Path dir) {
        broker = TestBroker.start(dir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Producer producer(String... topics) throws ClientException {
        return provider.newProducerBuilder().setClientConfiguration(broker.configuration()).setTopics(topics).build();
    }

    private List<StoredMessage> stored(String topic, int queueId) {
        broker.broker().store().awaitDispatched(Duration.ofSeconds(30));
        GetResult r = broker.broker().store().get(topic, queueId, 0, 1000, MessageFilter.ALL);
        return r.messages();
    }

    @Test
    void shouldSendTagKeysPropertiesAndBodyUnderTheReceiptsId() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("orders", 1, MessageType.NORMAL));
        try (Producer producer = producer("orders")) {
            Message message = provider.newMessageBuilder().setTopic("orders").setTag("created")
                    .setKeys("order-1", "customer-9").addProperty("region", "eu")
                    .setBody("payload".getBytes(StandardCharsets.UTF_8)).build();
            SendReceipt receipt = producer.send(message);

            StoredMessage m = stored("orders", 0).get(0);
            assertEquals(receipt.getMessageId().toString(), m.uniqueId());
            assertEquals("01", receipt.getMessageId().getVersion());
            assertEquals("created", m.tags());
            assertEquals("order-1 customer-9", m.property("KEYS"));
            assertEquals("eu", m.property("region"));
            assertEquals("payload", new String(m.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldSpreadMessagesOverTheWriteQueuesInTurn() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("spread", 4, MessageType.NORMAL));
        try (Producer producer = producer("spread")) {
            for (int i = 0; i < 8; i++) {
                producer.send(provider.newMessageBuilder().setTopic("spread").setBody(new byte[] {(byte) i}).build());
            }
        }
        for (int q = 0; q < 4; q++) {
            assertEquals(2, stored("spread", q).size(), "queue " + q);
        }
    }

    @Test
    void shouldKeepEachMessageGroupInOneQueueInSendOrder() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("fifo", 4, MessageType.FIFO));
        try (Producer producer = producer("fifo")) {
            for (int i = 0; i < 10; i++) {
                for (String group : List.of("g-a", "g-b", "g-c")) {
                    producer.send(provider.newMessageBuilder().setTopic("fifo").setMessageGroup(group)
                            .setBody((group + ":" + i).getBytes(StandardCharsets.UTF_8)).build());
                }
            }
        }
        for (String group : List.of("g-a", "g-b", "g-c")) {
            Set<Integer> queues = new HashSet<>();
            List<Integer> order = new ArrayList<>();
            for (int q = 0; q < 4; q++) {
                for (StoredMessage m : stored("fifo", q)) {
                    if (group.equals(m.property("__SHARDINGKEY"))) {
                        queues.add(q);
                        order.add(Integer.parseInt(new String(m.body(), StandardCharsets.UTF_8).split(":")[1]));
                    }
                }
            }
            assertEquals(1, queues.size(), group + " went to " + queues);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order, group);
        }
    }

    @Test
    void shouldCompleteAnAsynchronousSendWithTheReceipt() throws Exception {
        try (Producer producer = producer("async")) {
            SendReceipt receipt = producer.sendAsync(provider.newMessageBuilder().setTopic("async")
                    .setBody(new byte[] {1}).build()).get();
            assertEquals(receipt.getMessageId().toString(), stored("async", queueOf("async", receipt)).stream()
                    .map(StoredMessage::uniqueId).filter(receipt.getMessageId().toString()::equals).findFirst()
                    .orElseThrow());
        }
    }

    private int queueOf(String topic, SendReceipt receipt) {
        for (int q = 0; q < 8; q++) {
            if (stored(topic, q).stream().anyMatch(m -> receipt.getMessageId().toString().equals(m.uniqueId()))) {
                return q;
            }
        }
        throw new AssertionError("message " + receipt.getMessageId() + " not stored");
    }

    @Test
    void shouldRefuseAMessageOfTheWrongTypeForItsTopicNamingBoth() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("plain", 2, MessageType.NORMAL));
        try (Producer producer = producer("plain")) {
            ClientException e = assertThrows(ClientException.class, () -> producer.send(provider.newMessageBuilder()
                    .setTopic("plain").setMessageGroup("g").setBody(new byte[1]).build()));
            assertTrue(e.getMessage().contains("NORMAL") && e.getMessage().contains("FIFO"), e.getMessage());
        }
    }

    @Test
    void shouldFailToBuildForATopicThatCannotExistNamingIt(@TempDir Path other) throws Exception {
        try (TestBroker strict = TestBroker.start(other, b -> b.autoCreateTopicEnable(false))) {
            ClientException e = assertThrows(ClientException.class, () -> provider.newProducerBuilder()
                    .setClientConfiguration(strict.configuration()).setTopics("missing").build());
            assertTrue(e.getMessage().contains("topic missing does not exist"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseBadBuilderSettings() {
        assertThrows(IllegalArgumentException.class, () -> provider.newProducerBuilder().setMaxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> provider.newProducerBuilder().setTopics("a b"));
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> provider.newProducerBuilder().build());
        assertTrue(e.getMessage().contains("clientConfiguration has not been set"), e.getMessage());
    }

    @Test
    void shouldRefuseToSendOnceClosed() throws Exception {
        Producer producer = producer("t");
        producer.close();
        assertThrows(IllegalStateException.class, () -> producer.send(provider.newMessageBuilder().setTopic("t")
                .setBody(new byte[1]).build()));
    }
}
