package io.capsulemq.client.remote;

import io.capsulemq.client.Await;
import io.capsulemq.client.gateway.QueueRef;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our client, through the RocketMQ 5 API alone, against a real broker and its NameServer: the endpoint is the
 * NameServer's address, as a RocketMQ application would give it. Each subclass names the broker, so the same
 * scenarios prove the client against Apache RocketMQ 5.5.0 and Capsule's broker against the same client.
 */
abstract class RemoteClientScenarios {
    /** A hang guard, not a timing: an orderly consumer that loses its first lock race waits for its next rebalance. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final BrokerPeer peer;
    private final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** @param peer the broker, registered as an extension by the subclass so that it is started */
    RemoteClientScenarios(BrokerPeer peer) {
        this.peer = peer;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private ClientConfiguration configuration() {
        return ClientConfiguration.newBuilder().setEndpoints(peer.nameServer()).build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private Producer producer(String topic) throws Exception {
        return open(provider.newProducerBuilder().setClientConfiguration(configuration()).setTopics(topic).build());
    }

    private PushConsumer consumer(String group, String topic, FilterExpression filter, MessageListener listener)
            throws Exception {
        return open(provider.newPushConsumerBuilder().setClientConfiguration(configuration())
                .setConsumerGroup(group).setSubscriptionExpressions(Map.of(topic, filter))
                .setMessageListener(listener).build());
    }

    private static String body(MessageView view) {
        return StandardCharsets.UTF_8.decode(view.getBody()).toString();
    }

    private Message message(String topic, String body) {
        return provider.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void shouldSendSyncAndAsyncWithKeysTagAndPropertiesToAPushConsumer() throws Exception {
        String topic = unique("orders");
        peer.createTopic(topic, 4, "NORMAL");
        Map<String, MessageView> received = new ConcurrentHashMap<>();
        consumer(unique("readers"), topic, FilterExpression.SUB_ALL, view -> {
            received.put(body(view), view);
            return ConsumeResult.SUCCESS;
        });
        Producer producer = producer(topic);
        SendReceipt sync = producer.send(provider.newMessageBuilder().setTopic(topic).setTag("created")
                .setKeys("order-1", "customer-7").addProperty("region", "eu")
                .setBody("sync".getBytes(StandardCharsets.UTF_8)).build());
        SendReceipt async = producer.sendAsync(provider.newMessageBuilder().setTopic(topic).setTag("paid")
                .setKeys("order-2").addProperty("region", "us")
                .setBody("async".getBytes(StandardCharsets.UTF_8)).build()).get(30, TimeUnit.SECONDS);
        assertNotEquals(sync.getMessageId(), async.getMessageId());

        Await.until(WAIT, () -> received.size() == 2, "both messages arrive");
        MessageView first = received.get("sync");
        assertEquals(sync.getMessageId(), first.getMessageId());
        assertEquals(topic, first.getTopic());
        assertEquals("created", first.getTag().orElseThrow());
        assertEquals(Set.of("order-1", "customer-7"), Set.copyOf(first.getKeys()));
        assertEquals(Map.of("region", "eu"), first.getProperties());
        assertEquals(1, first.getDeliveryAttempt());
        MessageView second = received.get("async");
        assertEquals(async.getMessageId(), second.getMessageId());
        assertEquals("paid", second.getTag().orElseThrow());
        assertEquals(List.of("order-2"), List.copyOf(second.getKeys()));
        assertEquals(Map.of("region", "us"), second.getProperties());
    }

    @Test
    void shouldConsumeEachMessageGroupInOrderInAnOrderlyGroup() throws Exception {
        String topic = unique("fifo");
        peer.createTopic(topic, 4, "FIFO");
        String group = unique("fifo-readers");
        peer.createGroup(group, true);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        consumer(group, topic, FilterExpression.SUB_ALL, view -> {
            String[] parts = body(view).split(":");
            // Uneven work, so that messages consumed concurrently would finish out of order.
            Await.quietFor(Duration.ofMillis(ThreadLocalRandom.current().nextInt(5)));
            seen.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(parts[1]));
            return ConsumeResult.SUCCESS;
        });
        Producer producer = producer(topic);
        List<String> groups = List.of("cart-a", "cart-b", "cart-c");
        int perGroup = 15;
        for (int i = 0; i < perGroup; i++) {
            for (String g : groups) {
                producer.send(provider.newMessageBuilder().setTopic(topic).setMessageGroup(g)
                        .setBody((g + ":" + i).getBytes(StandardCharsets.UTF_8)).build());
            }
        }
        Await.until(WAIT, () -> groups.stream().allMatch(g -> seen.getOrDefault(g, List.of()).size() == perGroup),
                "every message of every group arrives");
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < perGroup; i++) {
            inOrder.add(i);
        }
        for (String g : groups) {
            assertEquals(inOrder, seen.get(g), "message group " + g + " in send order");
        }
    }

    @Test
    void shouldRetryAFailedMessageFromTheGroupsRetryTopic() throws Exception {
        String topic = unique("retried");
        peer.createTopic(topic, 2, "NORMAL");
        List<MessageView> deliveries = new CopyOnWriteArrayList<>();
        consumer(unique("retrying"), topic, FilterExpression.SUB_ALL, view -> {
            deliveries.add(view);
            return body(view).equals("fails-once") && view.getDeliveryAttempt() == 1 ? ConsumeResult.FAILURE
                    : ConsumeResult.SUCCESS;
        });
        Producer producer = producer(topic);
        SendReceipt failing = producer.send(provider.newMessageBuilder().setTopic(topic).setTag("t")
                .addProperty("attempted", "yes").setBody("fails-once".getBytes(StandardCharsets.UTF_8)).build());
        producer.send(message(topic, "fine"));

        Await.until(WAIT, () -> deliveries.stream().filter(v -> body(v).equals("fails-once")).count() == 2,
                "the failed message comes again");
        List<MessageView> attempts = deliveries.stream().filter(v -> body(v).equals("fails-once")).toList();
        assertEquals(List.of(1, 2), attempts.stream().map(MessageView::getDeliveryAttempt).toList());
        MessageView retry = attempts.get(1);
        assertEquals(failing.getMessageId(), retry.getMessageId());
        assertEquals(topic, retry.getTopic(), "a retried message shows the topic it was sent to");
        assertEquals("t", retry.getTag().orElseThrow());
        assertEquals(Map.of("attempted", "yes"), retry.getProperties());
        assertEquals(1, deliveries.stream().filter(v -> body(v).equals("fine")).count());
    }

    @Test
    void shouldDeliverOnlyWhatTagAndSql92FiltersSelect() throws Exception {
        String topic = unique("filtered");
        peer.createTopic(topic, 1, "NORMAL");
        Set<String> byTag = ConcurrentHashMap.newKeySet();
        Set<String> bySql = ConcurrentHashMap.newKeySet();
        consumer(unique("tag-readers"), topic, new FilterExpression("red || green"), view -> {
            byTag.add(body(view));
            return ConsumeResult.SUCCESS;
        });
        consumer(unique("sql-readers"), topic, new FilterExpression("price > 10 AND region = 'eu'",
                FilterExpressionType.SQL92), view -> {
            bySql.add(body(view));
            return ConsumeResult.SUCCESS;
        });
        Producer producer = producer(topic);
        String[][] sent = {{"red", "5", "eu"}, {"blue", "50", "eu"}, {"green", "20", "us"}, {"red", "30", "eu"},
            {"yellow", "1", "eu"}};
        for (String[] s : sent) {
            producer.send(provider.newMessageBuilder().setTopic(topic).setTag(s[0]).addProperty("price", s[1])
                    .addProperty("region", s[2]).setBody(String.join("/", s).getBytes(StandardCharsets.UTF_8))
                    .build());
        }
        Set<String> expectedByTag = Set.of("red/5/eu", "green/20/us", "red/30/eu");
        Set<String> expectedBySql = Set.of("blue/50/eu", "red/30/eu");
        Await.until(WAIT, () -> byTag.containsAll(expectedByTag) && bySql.containsAll(expectedBySql),
                "the selected messages arrive");
        Await.quietFor(Duration.ofMillis(500));
        assertEquals(expectedByTag, byTag);
        assertEquals(expectedBySql, bySql);
    }

    @Test
    void shouldReceiveAcknowledgeAndChangeTheInvisibleTimeWithASimpleConsumer() throws Exception {
        String topic = unique("popped");
        peer.createTopic(topic, 2, "NORMAL");
        SimpleConsumer consumer = open(provider.newSimpleConsumerBuilder().setClientConfiguration(configuration())
                .setConsumerGroup(unique("poppers")).setSubscriptionExpressions(Map.of(topic,
                        FilterExpression.SUB_ALL)).setAwaitDuration(Duration.ofSeconds(2)).build());
        Producer producer = producer(topic);
        Map<String, MessageId> sent = new HashMap<>();
        for (String b : List.of("ack-me", "later")) {
            sent.put(b, producer.send(message(topic, b)).getMessageId());
        }
        Map<String, MessageView> first = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (first.size() < 2 && System.nanoTime() < deadline) {
            for (MessageView view : consumer.receive(16, Duration.ofSeconds(30))) {
                first.put(body(view), view);
            }
        }
        assertEquals(sent.keySet(), first.keySet());
        assertEquals(sent.get("ack-me"), first.get("ack-me").getMessageId());
        assertEquals(1, first.get("later").getDeliveryAttempt());
        consumer.ack(first.get("ack-me"));
        consumer.changeInvisibleDuration(first.get("later"), Duration.ofSeconds(1));

        List<MessageView> again = new ArrayList<>();
        deadline = System.nanoTime() + WAIT.toNanos();
        while (again.isEmpty() && System.nanoTime() < deadline) {
            again.addAll(consumer.receive(16, Duration.ofSeconds(30)));
        }
        assertEquals(List.of("later"), again.stream().map(RemoteClientScenarios::body).toList(),
                "only the message not acknowledged comes back");
        assertEquals(sent.get("later"), again.get(0).getMessageId());
        assertEquals(2, again.get(0).getDeliveryAttempt());
        consumer.ack(again.get(0));
    }

    @Test
    void shouldDeliverATimedMessageNoEarlierThanItsTime() throws Exception {
        String topic = unique("timed");
        peer.createTopic(topic, 1, "DELAY");
        Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        consumer(unique("timed-readers"), topic, FilterExpression.SUB_ALL, view -> {
            arrivedAt.put(body(view), System.currentTimeMillis());
            return ConsumeResult.SUCCESS;
        });
        long due = System.currentTimeMillis() + 3_000;
        Producer producer = producer(topic);
        producer.send(provider.newMessageBuilder().setTopic(topic).setDeliveryTimestamp(due)
                .setBody("timed".getBytes(StandardCharsets.UTF_8)).build());
        producer.send(provider.newMessageBuilder().setTopic(topic).setDeliveryTimestamp(System.currentTimeMillis())
                .setBody("now".getBytes(StandardCharsets.UTF_8)).build());
        Await.until(WAIT, () -> arrivedAt.containsKey("timed"), "the timed message arrives");
        assertTrue(arrivedAt.get("timed") >= due, "delivered " + (due - arrivedAt.get("timed")) + " ms early");
        assertTrue(arrivedAt.get("now") < arrivedAt.get("timed"), "a message due now is not held back");
    }

    @Test
    void shouldDeliverACommittedTransactionAndNeverARolledBackOne() throws Exception {
        String topic = unique("tx");
        peer.createTopic(topic, 2, "TRANSACTION");
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        List<MessageView> checked = new CopyOnWriteArrayList<>();
        consumer(unique("tx-readers"), topic, FilterExpression.SUB_ALL, view -> {
            consumed.add(body(view));
            return ConsumeResult.SUCCESS;
        });
        Producer producer = open(provider.newProducerBuilder().setClientConfiguration(configuration())
                .setTopics(topic).setTransactionChecker(view -> {
                    checked.add(view);
                    return TransactionResolution.ROLLBACK;
                }).build());
        Transaction commit = producer.beginTransaction();
        producer.send(message(topic, "committed"), commit);
        Transaction rollback = producer.beginTransaction();
        producer.send(message(topic, "rolled-back"), rollback);
        Await.quietFor(Duration.ofMillis(300));
        assertTrue(consumed.isEmpty(), "a half message is not delivered before its transaction ends");
        commit.commit();
        rollback.rollback();
        Transaction marker = producer.beginTransaction();
        producer.send(message(topic, "marker"), marker);
        marker.commit();

        Await.until(WAIT, () -> consumed.containsAll(Set.of("committed", "marker")), "the committed message arrives");
        assertFalse(consumed.contains("rolled-back"));
        assertTrue(checked.isEmpty(), "ended transactions are not checked back: " + checked);
    }

    @Test
    void shouldResolveTransactionsLeftOpenByAskingTheChecker() throws Exception {
        String topic = unique("tx-open");
        peer.createTopic(topic, 2, "TRANSACTION");
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        Map<String, MessageView> checked = new ConcurrentHashMap<>();
        consumer(unique("tx-open-readers"), topic, FilterExpression.SUB_ALL, view -> {
            consumed.add(body(view));
            return ConsumeResult.SUCCESS;
        });
        Producer producer = open(provider.newProducerBuilder().setClientConfiguration(configuration())
                .setTopics(topic).setTransactionChecker(view -> {
                    checked.put(body(view), view);
                    return body(view).equals("commit-me") ? TransactionResolution.COMMIT
                            : TransactionResolution.ROLLBACK;
                }).build());
        SendReceipt kept = producer.send(provider.newMessageBuilder().setTopic(topic).setKeys("k-commit")
                .addProperty("OrderId", "7").setBody("commit-me".getBytes(StandardCharsets.UTF_8)).build(),
                producer.beginTransaction());
        producer.send(message(topic, "drop-me"), producer.beginTransaction());

        Await.until(WAIT, () -> consumed.contains("commit-me") && checked.containsKey("drop-me"),
                "the checker is asked about both and its COMMIT delivers");
        MessageView asked = checked.get("commit-me");
        assertEquals(kept.getMessageId(), asked.getMessageId());
        assertEquals(topic, asked.getTopic());
        assertEquals(Map.of("OrderId", "7"), asked.getProperties());
        Transaction marker = producer.beginTransaction();
        producer.send(message(topic, "marker"), marker);
        marker.commit();
        Await.until(WAIT, () -> consumed.contains("marker"), "a later message arrives");
        assertFalse(consumed.contains("drop-me"), "what the checker rolled back is never delivered");
    }

    @Test
    void shouldConsumeAgainFromWhereAnOperatorResetTheGroup() throws Exception {
        String topic = unique("replayed");
        peer.createTopic(topic, 2, "NORMAL");
        String group = unique("replayers");
        List<String> received = new CopyOnWriteArrayList<>();
        consumer(group, topic, FilterExpression.SUB_ALL, view -> {
            received.add(body(view));
            return ConsumeResult.SUCCESS;
        });
        Producer producer = producer(topic);
        long before = System.currentTimeMillis() - 1_000;
        for (String b : List.of("one", "two", "three")) {
            producer.send(message(topic, b));
        }
        Await.until(WAIT, () -> received.size() == 3, "the messages arrive once");
        try (RemoteGateway gateway = RemoteGateway.connect(RemoteEndpoint.parse(peer.nameServer()))) {
            Await.until(WAIT, () -> committed(gateway, group, topic) == 3, "the group's offsets are committed");
        }

        peer.resetOffsets(group, topic, before);
        Await.until(WAIT, () -> received.size() == 6, "the messages arrive again after the reset");
        assertEquals(Set.of("one", "two", "three"), Set.copyOf(received.subList(3, 6)));
    }

    @Test
    void shouldSendOnAnotherBrokerWhenOneCannotBeReached() throws Exception {
        String topic = unique("two-brokers");
        peer.createTopic(topic, 2, "NORMAL");
        try (AutoCloseable absent = peer.registerAbsentBroker("zz-absent", "127.0.0.1:1", topic, 2);
             RemoteGateway gateway = RemoteGateway.connect(RemoteEndpoint.parse(peer.nameServer()))) {
            assertEquals(4, gateway.route(topic).writeQueueNums(), "the topic's queues on both brokers");
            Producer producer = producer(topic);
            Set<MessageId> sent = new java.util.HashSet<>();
            for (int i = 0; i < 8; i++) {
                sent.add(producer.send(message(topic, "m" + i)).getMessageId());
            }
            assertEquals(8, sent.size(), "every send succeeds, tried again on the broker that is there");
            // The gateway numbers the queues by broker name in turn: broker-a 0, zz-absent 0, broker-a 1, ...
            // A queue shows a stored message a moment after its send is acknowledged: wait for all eight.
            long stored = 0;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            do {
                stored = 0;
                for (int queue : new int[] {0, 2}) {
                    stored += gateway.bounds(new QueueRef(topic, queue)).maxOffset();
                }
            } while (stored < 8 && System.nanoTime() < deadline && sleep(50));
            assertEquals(8, stored, "all of them on broker-a");
        }
    }

    /** The group's committed offsets on the topic's queues, summed, as the broker has them. */
    private static long committed(RemoteGateway gateway, String group, String topic) {
        long sum = 0;
        for (int q = 0; q < gateway.route(topic).readQueueNums(); q++) {
            sum += gateway.committedOffset(group, new QueueRef(topic, q)).orElse(0);
        }
        return sum;
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
