package io.capsulemq.client.producer;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.client.Await;
import io.capsulemq.client.TestBroker;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ClientServiceProvider provider = TestBroker.provider();
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final List<MessageView> checked = new CopyOnWriteArrayList<>();
    private final Set<String> committedOrders = ConcurrentHashMap.newKeySet();
    private TestBroker broker;
    private PushConsumer consumer;
    private Producer producer;

    @BeforeEach
    void start(@TempDir Path dir) throws ClientException {
        broker = TestBroker.start(dir, b -> b.transactionTimeout(Duration.ofSeconds(1))
                .transactionCheckInterval(Duration.ofSeconds(1)));
        broker.broker().topics().createOrUpdate(TopicConfig.of("orders", 2, MessageType.TRANSACTION));
        consumer = provider.newPushConsumerBuilder().setClientConfiguration(broker.configuration())
                .setConsumerGroup("order-readers").setSubscriptionExpressions(Map.of("orders", FilterExpression.SUB_ALL))
                .setMessageListener(view -> {
                    consumed.add(view.getProperties().get("OrderId"));
                    return ConsumeResult.SUCCESS;
                }).build();
        producer = provider.newProducerBuilder().setClientConfiguration(broker.configuration()).setTopics("orders")
                .setTransactionChecker(view -> {
                    checked.add(view);
                    return committedOrders.contains(view.getProperties().get("OrderId"))
                            ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
                }).build();
    }

    @AfterEach
    void stop() throws Exception {
        producer.close();
        consumer.close();
        broker.close();
    }

    private Message order(String id) {
        return provider.newMessageBuilder().setTopic("orders").setKeys("order-" + id).addProperty("OrderId", id)
                .setBody(id.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void shouldDeliverACommittedMessageAndNeverARolledBackOne() throws Exception {
        Transaction commit = producer.beginTransaction();
        producer.send(order("committed"), commit);
        Transaction rollback = producer.beginTransaction();
        producer.send(order("rolled-back"), rollback);
        Await.quietFor(Duration.ofMillis(300));
        assertTrue(consumed.isEmpty(), "a half message is not delivered before its transaction ends");

        commit.commit();
        rollback.rollback();
        Await.until(WAIT, () -> consumed.contains("committed"), "the committed message arrives");
        Await.quietFor(Duration.ofSeconds(2));
        assertFalse(consumed.contains("rolled-back"), "the rolled-back message never arrives");
        assertTrue(checked.isEmpty(), "ended transactions are not checked back: " + checked);
    }

    @Test
    void shouldResolveATransactionLeftOpenByAskingTheChecker() throws Exception {
        Transaction open = producer.beginTransaction();
        SendReceipt receipt = producer.send(order("open"), open);
        committedOrders.add("open");

        Await.until(WAIT, () -> consumed.contains("open"), "the checker's COMMIT delivers the message");
        MessageView asked = checked.get(0);
        assertEquals(receipt.getMessageId(), asked.getMessageId());
        assertEquals("orders", asked.getTopic());
        assertEquals(Map.of("OrderId", "open"), asked.getProperties());
    }

    @Test
    void shouldRollBackWhatTheCheckerRollsBack() throws Exception {
        Transaction open = producer.beginTransaction();
        producer.send(order("abandoned"), open);
        Await.until(WAIT, () -> !checked.isEmpty(), "the checker is asked");
        Await.quietFor(Duration.ofSeconds(2));
        assertFalse(consumed.contains("abandoned"));
        assertEquals(1, checked.size(), "a rolled-back transaction is not asked about again");
    }

    @Test
    void shouldHoldOneMessageAndEndOnce() throws Exception {
        Transaction tx = producer.beginTransaction();
        assertThrows(IllegalStateException.class, tx::commit, "nothing sent yet");
        producer.send(order("one"), tx);
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                () -> producer.send(order("two"), tx));
        assertTrue(second.getMessage().contains("one message"), second.getMessage());
        tx.commit();
        assertThrows(IllegalStateException.class, tx::rollback);
    }

    @Test
    void shouldRefuseATransactionalMessageWithAMessageGroup() throws Exception {
        Transaction tx = producer.beginTransaction();
        Message grouped = provider.newMessageBuilder().setTopic("orders").setMessageGroup("g")
                .setBody(new byte[1]).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> producer.send(grouped, tx));
        assertTrue(e.getMessage().contains("messageGroup"), e.getMessage());
    }

    @Test
    void shouldRefuseATransactionOfAnotherProducer() throws Exception {
        try (Producer other = provider.newProducerBuilder().setClientConfiguration(broker.configuration()).build()) {
            Transaction foreign = other.beginTransaction();
            assertThrows(IllegalArgumentException.class, () -> producer.send(order("x"), foreign));
        }
    }
}
