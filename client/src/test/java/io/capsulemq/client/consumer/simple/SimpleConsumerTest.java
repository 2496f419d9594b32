package io.capsulemq.client.consumer.simple;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.client.TestBroker;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.message.ReceivedMessageView;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimpleConsumerTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final ClientServiceProvider provider = TestBroker.provider();
    private TestBroker broker;
    private Producer producer;
    private SimpleConsumer consumer;

    @BeforeEach
    void start(@TempDir Path dir) throws ClientException {
        broker = TestBroker.start(dir);
        broker.broker().topics().createOrUpdate(TopicConfig.of("work", 2, MessageType.NORMAL));
        producer = provider.newProducerBuilder().setClientConfiguration(broker.configuration()).build();
        consumer = consumer(Duration.ofSeconds(5), FilterExpression.SUB_ALL);
    }

    @AfterEach
    void stop() throws Exception {
        consumer.close();
        producer.close();
        broker.close();
    }

    private SimpleConsumer consumer(Duration await, FilterExpression filter) throws ClientException {
        return provider.newSimpleConsumerBuilder().setClientConfiguration(broker.configuration())
                .setConsumerGroup("workers").setSubscriptionExpressions(Map.of("work", filter))
                .setAwaitDuration(await).build();
    }

    private void send(String body, String tag) throws ClientException {
        producer.send(provider.newMessageBuilder().setTopic("work").setTag(tag)
                .setBody(body.getBytes(StandardCharsets.UTF_8)).build());
    }

    private static String body(MessageView view) {
        return StandardCharsets.UTF_8.decode(view.getBody()).toString();
    }

    /** Receives until {@code count} messages came or the time is up. */
    private List<MessageView> receive(SimpleConsumer from, int count, Duration invisible) throws ClientException {
        List<MessageView> got = new ArrayList<>();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(from.receive(count - got.size(), invisible));
        }
        return got;
    }

    @Test
    void shouldReceiveAndAcknowledgeMessagesSoTheyAreNotDeliveredAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("m" + i, "a");
        }
        List<MessageView> got = receive(consumer, 3, LONG);
        assertEquals(List.of("m0", "m1", "m2"), got.stream().map(SimpleConsumerTest::body).sorted().toList());
        for (MessageView view : got) {
            assertEquals(1, view.getDeliveryAttempt());
            assertEquals("work", view.getTopic());
            consumer.ack(view);
        }
        try (SimpleConsumer quick = consumer(Duration.ofMillis(500), FilterExpression.SUB_ALL)) {
            assertEquals(List.of(), quick.receive(10, LONG));
        }
    }

    @Test
    void shouldDeliverAMessageAgainOnceItsInvisibleTimePassesUnacknowledged() throws Exception {
        send("again", "a");
        MessageView first = receive(consumer, 1, Duration.ofSeconds(1)).get(0);
        MessageView second = receive(consumer, 1, LONG).get(0);
        assertEquals(first.getMessageId(), second.getMessageId());
        assertEquals(2, second.getDeliveryAttempt());
        consumer.ack(second);
    }

    @Test
    void shouldDeliverAgainSoonerWhenTheInvisibleTimeIsShortened() throws Exception {
        send("shortened", "a");
        MessageView first = receive(consumer, 1, Duration.ofMinutes(5)).get(0);
        consumer.changeInvisibleDuration(first, Duration.ofSeconds(1));
        MessageView second = receive(consumer, 1, LONG).get(0);
        assertEquals(first.getMessageId(), second.getMessageId());
        consumer.ack(second);
    }

    @Test
    void shouldKeepAMessageHiddenLongerWhenTheInvisibleTimeIsExtended() throws Exception {
        send("extended", "a");
        MessageView first = receive(consumer, 1, Duration.ofSeconds(1)).get(0);
        consumer.changeInvisibleDuration(first, Duration.ofSeconds(30));
        try (SimpleConsumer other = consumer(Duration.ofMillis(2_500), FilterExpression.SUB_ALL)) {
            assertEquals(List.of(), other.receive(10, LONG), "still hidden after its first invisible time");
        }
        consumer.ack(first);
        assertTrue(broker.broker().pop().inFlight("workers").isEmpty(), "acknowledged with its new receipt handle");
    }

    @Test
    void shouldReceiveAndAcknowledgeAsynchronously() throws Exception {
        send("async", "a");
        List<MessageView> got = new ArrayList<>();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            got.addAll(consumer.receiveAsync(1, LONG).get(40, TimeUnit.SECONDS));
        }
        assertEquals(List.of("async"), got.stream().map(SimpleConsumerTest::body).toList());
        consumer.changeInvisibleDurationAsync(got.get(0), Duration.ofSeconds(20)).get(10, TimeUnit.SECONDS);
        consumer.ackAsync(got.get(0)).get(10, TimeUnit.SECONDS);
        assertTrue(broker.broker().pop().inFlight("workers").isEmpty());
    }

    @Test
    void shouldHandOutTheNextMessageOfAFifoGroupOnlyAfterThePreviousIsAcknowledged() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("steps", 1, MessageType.FIFO));
        for (int i = 0; i < 3; i++) {
            producer.send(provider.newMessageBuilder().setTopic("steps").setMessageGroup("order-1")
                    .setBody(("s" + i).getBytes(StandardCharsets.UTF_8)).build());
        }
        try (SimpleConsumer fifo = provider.newSimpleConsumerBuilder().setClientConfiguration(broker.configuration())
                .setConsumerGroup("steppers").setSubscriptionExpressions(Map.of("steps", FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofMillis(500)).build()) {
            assertTrue(broker.broker().groups().find("steppers").orElseThrow().consumeMessageOrderly(),
                    "a group created for a FIFO topic is ordered");
            List<String> order = new ArrayList<>();
            for (int step = 0; step < 3; step++) {
                List<MessageView> got = receive(fifo, 1, LONG);
                assertEquals(1, got.size(), "step " + step);
                assertEquals(List.of(), fifo.receive(10, LONG), "nothing more of the group before the ack");
                order.add(body(got.get(0)));
                fifo.ack(got.get(0));
            }
            assertEquals(List.of("s0", "s1", "s2"), order);
        }
    }

    @Test
    void shouldRefuseAMalformedFilterAtBuildAndAtSubscribeNamingThePosition() throws Exception {
        ClientException atBuild = assertThrows(ClientException.class, () -> consumer(Duration.ofSeconds(1),
                new FilterExpression("price BETWEEN 1", FilterExpressionType.SQL92)));
        assertTrue(atBuild.getMessage().contains("\"price BETWEEN 1\"")
                && atBuild.getMessage().contains("at position 16"), atBuild.getMessage());

        broker.broker().topics().createOrUpdate(TopicConfig.of("more-work", 1, MessageType.NORMAL));
        ClientException atSubscribe = assertThrows(ClientException.class, () -> consumer.subscribe("more-work",
                new FilterExpression("region = 'eu", FilterExpressionType.SQL92)));
        assertTrue(atSubscribe.getMessage().contains("position"), atSubscribe.getMessage());
        assertEquals(Set.of("work"), consumer.getSubscriptionExpressions().keySet(), "subscriptions as before");
        send("after", "a");
        assertEquals(List.of("after"), receive(consumer, 1, LONG).stream().map(SimpleConsumerTest::body).toList());
    }

    @Test
    void shouldWaitTheAwaitDurationWhenNothingComes() throws Exception {
        try (SimpleConsumer waiting = consumer(Duration.ofSeconds(1), FilterExpression.SUB_ALL)) {
            long start = System.nanoTime();
            assertEquals(List.of(), waiting.receive(1, LONG));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(900).toNanos(), "it long-polled");
        }
    }

    @Test
    void shouldReceiveOnlyMessagesMatchingItsFilter() throws Exception {
        consumer.close();
        consumer = consumer(Duration.ofSeconds(2), new FilterExpression("wanted", FilterExpressionType.TAG));
        send("no", "other");
        send("yes", "wanted");
        List<MessageView> got = receive(consumer, 1, LONG);
        assertEquals(List.of("yes"), got.stream().map(SimpleConsumerTest::body).toList());
    }

    @Test
    void shouldRefuseToAcknowledgeAMessageItDidNotReceive() {
        MessageView foreign = ReceivedMessageView.of(new DeliveredMessage("work", 0, 0, 0, new byte[0],
                Map.of("UNIQ_KEY", "X"), 0, new InetSocketAddress("127.0.0.1", 0), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> consumer.ack(foreign));
        assertThrows(IllegalArgumentException.class, () -> consumer.receive(0, LONG));
    }
}
