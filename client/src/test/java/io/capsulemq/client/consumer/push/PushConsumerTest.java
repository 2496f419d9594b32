package io.capsulemq.client.consumer.push;

import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.timer.PendingTimer;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.client.Await;
import io.capsulemq.client.TestBroker;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.PushConsumerBuilder;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ClientServiceProvider provider = TestBroker.provider();
    private final Deque<Closeable> clients = new ArrayDeque<>();
    private TestBroker broker;

    @BeforeEach
    void start(@TempDir Path dir) {
        broker = TestBroker.start(dir);
    }

    @AfterEach
    void stop() throws IOException {
        while (!clients.isEmpty()) {
            clients.pop().close();
        }
        broker.close();
    }

    private <T extends Closeable> T track(T client) {
        clients.push(client);
        return client;
    }

    private void topic(String name, int queues, MessageType type) {
        broker.broker().topics().createOrUpdate(TopicConfig.of(name, queues, type));
    }

    private PushConsumer consumer(String group, String topic, MessageListener listener) throws ClientException {
        return consumer(group, topic, FilterExpression.SUB_ALL, listener, b -> b);
    }

    private PushConsumer consumer(String group, String topic, FilterExpression filter, MessageListener listener,
                                  UnaryOperator<PushConsumerBuilder> tune) throws ClientException {
        return track(tune.apply(provider.newPushConsumerBuilder().setClientConfiguration(broker.configuration())
                .setConsumerGroup(group).setSubscriptionExpressions(Map.of(topic, filter))
                .setMessageListener(listener)).build());
    }

    private static MessageListener recordingInto(Deliveries deliveries) {
        return view -> {
            deliveries.add(view);
            return ConsumeResult.SUCCESS;
        };
    }

    private Producer producer() throws ClientException {
        return track(provider.newProducerBuilder().setClientConfiguration(broker.configuration()).build());
    }

    private MessageBuilder message(String topic, String body) {
        return provider.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    private GetResult deadLetters(String group) {
        return broker.broker().retries().deadLetters(group, 0, 100);
    }

    @Test
    void shouldDeliverAMessageWithEverythingItWasSentWith() throws Exception {
        topic("views", 2, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        consumer("view-group", "views", recordingInto(got));
        SendReceipt receipt = producer().send(message("views", "hello").setTag("created").setKeys("k1", "k2")
                .addProperty("region", "eu").build());

        Await.until(WAIT, () -> got.size() == 1, "the message is delivered");
        MessageView view = got.all().get(0);
        assertEquals(receipt.getMessageId().toString(), view.getMessageId().toString());
        assertEquals("views", view.getTopic());
        assertEquals("hello", Deliveries.body(view));
        assertEquals(Optional.of("created"), view.getTag());
        assertEquals(List.of("k1", "k2"), List.copyOf(view.getKeys()));
        assertEquals(Map.of("region", "eu"), view.getProperties());
        assertEquals(1, view.getDeliveryAttempt());
        assertEquals(Optional.empty(), view.getMessageGroup());
        assertEquals(Optional.empty(), view.getDeliveryTimestamp());
        assertFalse(view.getBornHost().isEmpty());
        assertTrue(Math.abs(System.currentTimeMillis() - view.getBornTimestamp()) < 60_000);
        ByteBuffer body = view.getBody();
        assertThrows(ReadOnlyBufferException.class, () -> body.put(0, (byte) 1));
    }

    @Test
    void shouldDeliverOnlyMessagesMatchingTheTagFilter() throws Exception {
        topic("tagged", 2, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        consumer("tag-group", "tagged", new FilterExpression("a || c", FilterExpressionType.TAG), recordingInto(got),
                b -> b);
        Producer producer = producer();
        for (String tag : List.of("a", "b", "c", "b", "a")) {
            producer.send(message("tagged", tag).setTag(tag).build());
        }
        Await.until(WAIT, () -> got.size() >= 3, "the a and c messages arrive");
        Await.quietFor(Duration.ofMillis(300));
        assertEquals(List.of("a", "a", "c"), got.bodies().stream().sorted().toList());
    }

    @Test
    void shouldDeliverOnlyMessagesMatchingAnSqlFilter() throws Exception {
        topic("priced", 1, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        consumer("sql-group", "priced", new FilterExpression("price > 10 AND region = 'eu'",
                FilterExpressionType.SQL92), recordingInto(got), b -> b);
        Producer producer = producer();
        producer.send(message("priced", "cheap").addProperty("price", "5").addProperty("region", "eu").build());
        producer.send(message("priced", "dear-us").addProperty("price", "50").addProperty("region", "us").build());
        producer.send(message("priced", "dear-eu").addProperty("price", "50").addProperty("region", "eu").build());
        Await.until(WAIT, () -> got.size() >= 1, "the matching message arrives");
        Await.quietFor(Duration.ofMillis(300));
        assertEquals(List.of("dear-eu"), got.bodies());
    }

    @Test
    void shouldRefuseAMalformedFilterNamingWhereItIsWrong() {
        topic("priced", 1, MessageType.NORMAL);
        ClientException e = assertThrows(ClientException.class, () -> consumer("bad-sql", "priced",
                new FilterExpression("price >", FilterExpressionType.SQL92), v -> ConsumeResult.SUCCESS, b -> b));
        assertTrue(e.getMessage().contains("\"price >\"") && e.getMessage().contains("at position 8"),
                e.getMessage());
        assertEquals(List.of(), broker.broker().consumers().memberIds("bad-sql"), "the consumer did not join");
    }

    @Test
    void shouldRefuseAMalformedFilterGivenToSubscribeAndKeepConsumingAsBefore() throws Exception {
        topic("kept-on", 1, MessageType.NORMAL);
        topic("other", 1, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        PushConsumer consumer = consumer("resubscribe-group", "kept-on", recordingInto(got));
        ClientException e = assertThrows(ClientException.class, () -> consumer.subscribe("other",
                new FilterExpression("a = 1 AND (b > 2", FilterExpressionType.SQL92)));
        assertTrue(e.getMessage().contains("at position 17"), e.getMessage());
        assertEquals(Set.of("kept-on"), consumer.getSubscriptionExpressions().keySet());

        producer().send(message("kept-on", "still here").build());
        Await.until(WAIT, () -> got.size() == 1, "the consumer goes on with its subscriptions");
        assertEquals(List.of("still here"), got.bodies());
    }

    @Test
    void shouldNotDeliverMessagesSentBeforeANewGroupStarted() throws Exception {
        topic("history", 2, MessageType.NORMAL);
        Producer producer = producer();
        producer.send(message("history", "old").build());
        Deliveries got = new Deliveries();
        consumer("late-group", "history", recordingInto(got));
        producer.send(message("history", "new").build());
        Await.until(WAIT, () -> got.size() >= 1, "the new message arrives");
        Await.quietFor(Duration.ofMillis(300));
        assertEquals(List.of("new"), got.bodies());
    }

    @Test
    void shouldDeliverMessagesOfATopicCreatedAfterItSubscribed() throws Exception {
        Deliveries got = new Deliveries();
        consumer("early-group", "not-yet", recordingInto(got));
        Producer producer = producer();
        for (int i = 0; i < 5; i++) {
            producer.send(message("not-yet", "m" + i).build());
        }
        Await.until(WAIT, () -> got.size() == 5, "every message of the new topic arrives");
    }

    @Test
    void shouldShareTheQueuesOfAGroupAndTakeThemAllWhenAMemberLeaves() throws Exception {
        topic("shared", 4, MessageType.NORMAL);
        Deliveries first = new Deliveries();
        Deliveries second = new Deliveries();
        PushConsumer one = consumer("shared-group", "shared", recordingInto(first));
        consumer("shared-group", "shared", recordingInto(second));
        Await.until(WAIT, () -> broker.broker().locks() != null
                && broker.broker().consumers().memberIds("shared-group").size() == 2, "both members joined");
        Producer producer = producer();
        for (int i = 0; i < 40; i++) {
            producer.send(message("shared", "a" + i).build());
        }
        Await.until(WAIT, () -> union(first, second).size() == 40, "every message arrives once the group shares");
        assertFalse(first.all().isEmpty(), "the first member consumed some");
        assertFalse(second.all().isEmpty(), "the second member consumed some");

        one.close();
        clients.remove(one);
        Await.until(WAIT, () -> broker.broker().consumers().memberIds("shared-group").size() == 1,
                "the first member left");
        for (int i = 0; i < 40; i++) {
            producer.send(message("shared", "b" + i).build());
        }
        Await.until(WAIT, () -> second.bodies().stream().filter(b -> b.startsWith("b")).distinct().count() == 40,
                "the remaining member takes every queue");
    }

    @Test
    void shouldGiveEveryMemberOfABroadcastingGroupEveryMessageWithoutMovingTheGroupsOffsets() throws Exception {
        topic("news", 4, MessageType.NORMAL);
        broker.broker().groups().createOrUpdate(GroupConfig.defaults("readers")
                .withMessageModel(MessageModel.BROADCASTING));
        Deliveries first = new Deliveries();
        Deliveries second = new Deliveries();
        consumer("readers", "news", view -> {
            first.add(view);
            return Deliveries.body(view).equals("bad") ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        });
        consumer("readers", "news", recordingInto(second));
        Producer producer = producer();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add("n" + i);
            producer.send(message("news", "n" + i).build());
        }
        sent.add("bad");
        producer.send(message("news", "bad").build());

        Await.until(WAIT, () -> first.size() >= 21 && second.size() >= 21, "every member gets every message");
        Await.quietFor(Duration.ofMillis(500));
        List<String> expected = sent.stream().sorted().toList();
        assertEquals(expected, first.bodies().stream().sorted().toList(), "the first member, each once");
        assertEquals(expected, second.bodies().stream().sorted().toList(), "the second member, each once");
        assertTrue(retriesOf("readers").isEmpty(), "a failed broadcast message is not retried for the group");
        for (int q = 0; q < 4; q++) {
            assertTrue(broker.broker().offsets().committed("readers", "news", q).isEmpty(),
                    "members keep their own progress, not the group's");
        }
    }

    @Test
    void shouldConsumeAgainFromOffsetsAnOperatorReset() throws Exception {
        topic("replayed", 2, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        consumer("replay-group", "replayed", recordingInto(got));
        Producer producer = producer();
        long before = System.currentTimeMillis() - 1_000;
        for (int i = 0; i < 4; i++) {
            producer.send(message("replayed", "r" + i).build());
        }
        Await.until(WAIT, () -> got.size() == 4, "the messages arrive");

        broker.broker().admin().resetOffsets("replay-group", "replayed", before);
        Await.until(WAIT, () -> got.size() == 8, "the reset offsets deliver them again");
        assertEquals(List.of("r0", "r0", "r1", "r1", "r2", "r2", "r3", "r3"), got.bodies().stream().sorted().toList());
    }

    private static Set<String> union(Deliveries a, Deliveries b) {
        Set<String> all = ConcurrentHashMap.newKeySet();
        all.addAll(a.bodies());
        all.addAll(b.bodies());
        return all;
    }

    @Test
    void shouldDeliverATimedMessageNoEarlierThanItsDeliveryTimestamp() throws Exception {
        topic("timed", 2, MessageType.DELAY);
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        Deliveries got = new Deliveries();
        consumer("timed-group", "timed", view -> {
            arrivals.add(System.currentTimeMillis());
            got.add(view);
            return ConsumeResult.SUCCESS;
        });
        long due = System.currentTimeMillis() + 2_000;
        producer().send(message("timed", "later").setDeliveryTimestamp(due).build());

        Await.until(WAIT, () -> got.size() == 1, "the timed message arrives");
        assertTrue(arrivals.get(0) >= due, "it arrived " + (due - arrivals.get(0)) + " ms before it was due");
        assertEquals(Optional.of(due), got.all().get(0).getDeliveryTimestamp());
        assertEquals("timed", got.all().get(0).getTopic());
    }

    @Test
    void shouldRetryAFailedMessageFromTheGroupsRetryTopicThenDeadLetterItAfterTheGroupsMaximum() throws Exception {
        topic("flaky", 1, MessageType.NORMAL);
        broker.broker().groups().createOrUpdate(GroupConfig.defaults("retry-group").withRetryMaxTimes(1));
        Deliveries got = new Deliveries();
        consumer("retry-group", "flaky", view -> {
            got.add(view);
            return ConsumeResult.FAILURE;
        });
        SendReceipt sent = producer().send(message("flaky", "once more").addProperty("k", "v").build());

        // The broker's first back-off is 10 s.
        Await.until(Duration.ofSeconds(60), () -> got.size() == 2, "the message comes back once");
        MessageView retried = got.all().get(1);
        assertEquals("%RETRY%retry-group", ((io.capsulemq.client.message.ReceivedMessageView) retried)
                .delivered().topic(), "it came back through the broker, from the group's retry topic");
        assertEquals("flaky", retried.getTopic(), "the view shows the topic it was sent to");
        assertEquals(2, retried.getDeliveryAttempt());
        assertEquals(sent.getMessageId(), retried.getMessageId());
        assertEquals(Map.of("k", "v"), retried.getProperties());

        Await.until(WAIT, () -> !deadLetters("retry-group").messages().isEmpty(), "its second failure is dead");
        var dead = deadLetters("retry-group").messages().get(0);
        assertEquals(sent.getMessageId().toString(), dead.uniqueId(), "dead-lettered under its own id");
        assertEquals("flaky", dead.property("RETRY_TOPIC"), "with its original topic");
        assertEquals("v", dead.property("k"), "and its properties");
        assertTrue(retriesOf("retry-group").isEmpty(), "not retried again");
        assertEquals(2, got.size(), "delivered twice: once, and once more after the back-off");
    }

    @Test
    void shouldHandAMessageWhoseListenerThrewBackToTheGroupsRetryTopicAfterTheFirstBackOff() throws Exception {
        topic("throwing", 1, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        PushConsumer consumer = consumer("throw-group", "throwing", view -> {
            got.add(view);
            throw new IllegalStateException("the listener broke");
        });
        long sentAt = System.currentTimeMillis();
        SendReceipt sent = producer().send(message("throwing", "boom").build());

        // Not waited for: the broker holds the retry in its timer for the first back-off (10 s).
        Await.until(WAIT, () -> retriesOf("throw-group").size() == 1, "the failed message waits to be retried");
        PendingTimer retry = retriesOf("throw-group").get(0);
        assertEquals(sent.getMessageId().toString(), retry.messageId());
        assertTrue(retry.dueMillis() >= sentAt + 10_000, "due after the first back-off of 10 s");
        assertEquals(1, got.size(), "delivered once so far");
        Await.until(WAIT, () -> cached((CapsulePushConsumer) consumer) == 0, "the handed-back message is let go");
        consumer.close();
        clients.remove(consumer);
        assertEquals(1L, broker.broker().offsets().committed("throw-group", "throwing", 0).orElse(-1),
                "the group moved past it: it is the retry topic's now");
    }

    private List<PendingTimer> retriesOf(String group) {
        return broker.broker().admin().timedMessages(100).stream()
                .filter(t -> t.topic().equals("%RETRY%" + group)).toList();
    }

    @Test
    void shouldDeadLetterAFailedMessageOnceTheGroupsRetriesAreUsedUp() throws Exception {
        topic("fragile", 1, MessageType.NORMAL);
        broker.broker().groups().createOrUpdate(GroupConfig.defaults("no-retry-group").withRetryMaxTimes(0));
        Deliveries got = new Deliveries();
        consumer("no-retry-group", "fragile", view -> {
            got.add(view);
            return Deliveries.body(view).equals("bad") ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        });
        Producer producer = producer();
        SendReceipt bad = producer.send(message("fragile", "bad").build());
        producer.send(message("fragile", "good").build());

        Await.until(WAIT, () -> !deadLetters("no-retry-group").messages().isEmpty(), "the failed message is dead");
        var dead = deadLetters("no-retry-group").messages().get(0);
        assertEquals(bad.getMessageId().toString(), dead.uniqueId());
        assertEquals("fragile", dead.property("RETRY_TOPIC"));
        Await.until(WAIT, () -> got.size() >= 2, "the next message is consumed too");
        Await.quietFor(Duration.ofMillis(300));
        assertEquals(List.of("bad", "good"), got.bodies().stream().sorted().toList(), "each once");
        assertTrue(retriesOf("no-retry-group").isEmpty(), "the dead message is not retried");
    }

    @Test
    void shouldStopPullingWhileTheCacheHoldsTheConfiguredNumberOfMessages() throws Exception {
        topic("flood", 1, MessageType.NORMAL);
        CountDownLatch release = new CountDownLatch(1);
        Deliveries got = new Deliveries();
        CapsulePushConsumer consumer = (CapsulePushConsumer) consumer("slow-group", "flood",
                FilterExpression.SUB_ALL, view -> {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    got.add(view);
                    return ConsumeResult.SUCCESS;
                }, b -> b.setMaxCacheMessageCount(10).setConsumptionThreadCount(2));
        Producer producer = producer();
        for (int i = 0; i < 60; i++) {
            producer.send(message("flood", "m" + i).build());
        }
        // The limit is shared by the queues the consumer holds (the topic's and the group's retry queue).
        Await.until(WAIT, () -> cached(consumer) > 0, "messages are pulled");
        Await.quietFor(Duration.ofMillis(300));
        int plateau = cached(consumer);
        assertTrue(plateau > 0 && plateau <= 10, "cached " + plateau + " of at most 10");
        for (int i = 0; i < 10; i++) {
            Await.quietFor(Duration.ofMillis(50));
            assertEquals(plateau, cached(consumer), "pulling pauses while nothing is consumed");
        }
        release.countDown();
        Await.until(WAIT, () -> got.size() == 60, "every message arrives once consumption resumes");
    }

    private static int cached(CapsulePushConsumer consumer) {
        try {
            return consumer.cachedMessageCount();
        } catch (ClientException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldConsumeEachMessageGroupInSendOrderWithManyThreads() throws Exception {
        topic("fifo", 4, MessageType.FIFO);
        Map<String, List<Integer>> arrived = new ConcurrentHashMap<>();
        consumer("fifo-group", "fifo", FilterExpression.SUB_ALL, view -> {
            Await.quietFor(Duration.ofMillis(view.getBody().get(0) % 3));
            arrived.computeIfAbsent(view.getMessageGroup().orElseThrow(), g -> new ArrayList<>())
                    .add(Integer.parseInt(Deliveries.body(view)));
            return ConsumeResult.SUCCESS;
        }, b -> b.setConsumptionThreadCount(8));
        assertTrue(broker.broker().groups().find("fifo-group").orElseThrow().consumeMessageOrderly(),
                "a group auto-created for a FIFO topic consumes in order");

        Producer producer = producer();
        for (int i = 0; i < 30; i++) {
            for (int g = 0; g < 6; g++) {
                producer.send(message("fifo", Integer.toString(i)).setMessageGroup("order-" + g).build());
            }
        }
        Await.until(WAIT, () -> arrived.values().stream().mapToInt(List::size).sum() == 180, "all arrive");
        List<Integer> inOrder = java.util.stream.IntStream.range(0, 30).boxed().toList();
        arrived.forEach((group, sequence) -> assertEquals(inOrder, sequence, group));
    }

    @Test
    void shouldRedeliverAFailedFifoMessageInPlaceAndDeadLetterItAfterTheLastAttempt() throws Exception {
        topic("fifo-retry", 1, MessageType.FIFO);
        broker.broker().groups().createOrUpdate(GroupConfig.defaults("fifo-retry-group").withOrderly(true)
                .withRetryMaxTimes(2));
        List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        consumer("fifo-retry-group", "fifo-retry", view -> {
            String body = Deliveries.body(view);
            attempts.add(body + "#" + view.getDeliveryAttempt());
            boolean fail = body.equals("m1") || body.equals("m2") && view.getDeliveryAttempt() == 1;
            return fail ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        });
        Producer producer = producer();
        for (int i = 0; i < 5; i++) {
            producer.send(message("fifo-retry", "m" + i).setMessageGroup("one").build());
        }
        Await.until(WAIT, () -> attempts.contains("m4#1"), "the queue gets past the failing message");
        assertEquals(List.of("m0#1", "m1#1", "m1#2", "m1#3", "m2#1", "m2#2", "m3#1", "m4#1"), attempts);
        List<String> dead = deadLetters("fifo-retry-group").messages().stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("m1"), dead);
    }

    @Test
    void shouldResumeFromItsCommittedOffsetsAfterTheBrokerRestarts() throws Exception {
        topic("durable", 2, MessageType.NORMAL);
        Deliveries before = new Deliveries();
        PushConsumer consumer = consumer("durable-group", "durable", recordingInto(before));
        Producer producer = producer();
        for (int i = 0; i < 6; i++) {
            producer.send(message("durable", "a" + i).build());
        }
        Await.until(WAIT, () -> before.size() == 6, "the first messages arrive");
        consumer.close();
        producer.close();
        clients.clear();

        broker.restart();
        Producer again = producer();
        for (int i = 0; i < 6; i++) {
            again.send(message("durable", "b" + i).build());
        }
        Deliveries after = new Deliveries();
        consumer("durable-group", "durable", recordingInto(after));
        Await.until(WAIT, () -> after.size() >= 6, "the messages sent while it was away arrive");
        Await.quietFor(Duration.ofMillis(300));
        assertEquals(List.of("b0", "b1", "b2", "b3", "b4", "b5"), after.bodies().stream().sorted().toList());
    }

    @Test
    void shouldCommitTheLowestUnconsumedOffsetOnClose() throws Exception {
        topic("partial", 1, MessageType.NORMAL);
        Deliveries got = new Deliveries();
        PushConsumer consumer = consumer("partial-group", "partial", FilterExpression.SUB_ALL, view -> {
            got.add(view);
            return ConsumeResult.SUCCESS;
        }, b -> b.setConsumptionThreadCount(1));
        Producer producer = producer();
        for (int i = 0; i < 3; i++) {
            producer.send(message("partial", "m" + i).build());
        }
        Await.until(WAIT, () -> got.size() == 3, "all arrive");
        consumer.close();
        clients.remove(consumer);
        assertEquals(3L, broker.broker().offsets().committed("partial-group", "partial", 0).orElse(-1));
    }

    @Test
    void shouldRefuseBuilderSettingsTheRocketMqClientRefuses() {
        PushConsumerBuilder builder = provider.newPushConsumerBuilder();
        assertThrows(IllegalArgumentException.class, () -> builder.setConsumerGroup("bad group"));
        assertThrows(IllegalArgumentException.class, () -> builder.setMaxCacheMessageCount(0));
        assertThrows(IllegalArgumentException.class, () -> builder.setMaxCacheMessageSizeInBytes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.setConsumptionThreadCount(0));
        assertThrows(IllegalArgumentException.class, () -> builder.setSubscriptionExpressions(Map.of()));
        NullPointerException e = assertThrows(NullPointerException.class, () -> provider.newPushConsumerBuilder()
                .setClientConfiguration(broker.configuration()).setConsumerGroup("g").build());
        assertTrue(e.getMessage().contains("messageListener has not been set"), e.getMessage());
    }

    @Test
    void shouldTellTheListenerWhichGroupsItSubscribedTo() throws Exception {
        topic("t1", 1, MessageType.NORMAL);
        PushConsumer consumer = consumer("sub-group", "t1", v -> ConsumeResult.SUCCESS);
        assertEquals("sub-group", consumer.getConsumerGroup());
        assertEquals(Set.of("t1"), consumer.getSubscriptionExpressions().keySet());
        consumer.subscribe("t2", FilterExpression.SUB_ALL);
        assertEquals(Set.of("t1", "t2"), consumer.getSubscriptionExpressions().keySet());
        consumer.unsubscribe("t1");
        assertEquals(Set.of("t2"), consumer.getSubscriptionExpressions().keySet().stream()
                .collect(Collectors.toSet()));
    }
}
