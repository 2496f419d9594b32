package io.capsulemq.client.remote;

import io.capsulemq.client.Await;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueBounds;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SendOutcome;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.gateway.TopicType;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The remote gateway's calls, one by one, against a real broker and its NameServer. Each subclass names the broker:
 * Apache RocketMQ 5.5.0 or Capsule's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RemoteGatewayScenarios {
    /** A pull that expects messages waits for them: a broker may store a message before its queue shows it. */
    private static final Duration ARRIVAL = Duration.ofSeconds(5);
    private final BrokerPeer peer;
    private RemoteGateway gateway;

    /** @param peer the broker, registered as an extension by the subclass so that it is started */
    RemoteGatewayScenarios(BrokerPeer peer) {
        this.peer = peer;
    }

    @BeforeAll
    void connect() {
        gateway = RemoteGateway.connect(RemoteEndpoint.parse(peer.nameServer()));
    }

    @AfterAll
    void disconnect() {
        gateway.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static OutgoingMessage message(String topic, int queue, String body, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("UNIQ_KEY", UUID.randomUUID().toString().replace("-", "").toUpperCase());
        return new OutgoingMessage(topic, queue, body.getBytes(StandardCharsets.UTF_8), all,
                System.currentTimeMillis(), new InetSocketAddress("127.0.0.1", 0));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** Waits until the queue shows this many messages: the broker's queues follow its log a moment later. */
    private void awaitQueued(QueueRef queue, long count) {
        Await.until(Duration.ofSeconds(10), () -> gateway.bounds(queue).maxOffset() == count,
                "the queue shows " + count + " messages");
    }

    private static ClientListener listener(String id) {
        return new RecordingListener(id);
    }

    /** A client that notes what the broker tells it. */
    private static final class RecordingListener implements ClientListener {
        final String id;
        final List<String> changedGroups = new CopyOnWriteArrayList<>();
        final Map<String, Map<Integer, Long>> resets = new ConcurrentHashMap<>();

        RecordingListener(String id) {
            this.id = id;
        }

        @Override
        public String clientId() {
            return id;
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void consumerIdsChanged(String group) {
            changedGroups.add(group);
        }

        @Override
        public void offsetsReset(String group, String topic, Map<Integer, Long> offsets) {
            resets.put(group + "/" + topic, offsets);
        }
    }

    @Test
    void shouldRouteACreatedTopicByItsQueuesAndTypeAndANewOneAsTheBrokersWouldCreateIt() throws Exception {
        String topic = unique("routed");
        peer.createTopic(topic, 6, "FIFO");
        TopicRoute route = gateway.route(topic);
        assertEquals(new TopicRoute(topic, 6, 6, true, true, TopicType.FIFO, true), route);

        TopicRoute notYet = gateway.route(unique("not-yet"));
        assertFalse(notYet.exists());
        assertEquals(4, notYet.writeQueueNums(), "the brokers create topics with 4 queues");
    }

    @Test
    void shouldRefuseABadTopicNameAndNameIt() {
        GatewayException e = assertThrows(GatewayException.class, () -> gateway.route("bad topic"));
        assertEquals(GatewayException.Kind.ILLEGAL_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("bad topic"), e.getMessage());
    }

    @Test
    void shouldSendAndPullBackBodyPropertiesAndPlace() throws Exception {
        String topic = unique("sent");
        peer.createTopic(topic, 2, null);
        SendOutcome sent = await(gateway.send(message(topic, 1, "hello", Map.of("TAGS", "t1", "KEYS", "k1 k2",
                "color", "blue"))));
        assertEquals(1, sent.queueId());
        assertEquals(0, sent.queueOffset());
        assertTrue(sent.commitLogOffset() >= 0);

        PullOutcome pulled = await(gateway.pull("g-" + topic, SubscriptionSpec.all(topic), 1, 0, 32, ARRIVAL));
        assertEquals(PullOutcome.Status.FOUND, pulled.status());
        assertEquals(1, pulled.nextOffset());
        DeliveredMessage m = pulled.messages().get(0);
        assertEquals("hello", new String(m.body(), StandardCharsets.UTF_8));
        assertEquals(topic, m.topic());
        assertEquals(1, m.queueId());
        assertEquals(0, m.queueOffset());
        assertEquals(sent.commitLogOffset(), m.commitLogOffset());
        assertEquals("t1", m.property("TAGS"));
        assertEquals("k1 k2", m.property("KEYS"));
        assertEquals("blue", m.property("color"));
        assertEquals(sent.messageId(), m.property("UNIQ_KEY"));
        assertEquals(0, m.reconsumeTimes());
    }

    @Test
    void shouldHoldAPullUntilAMessageArrives() throws Exception {
        String topic = unique("held");
        peer.createTopic(topic, 1, null);
        CompletableFuture<PullOutcome> waiting = gateway.pull("g-" + topic, SubscriptionSpec.all(topic), 0, 0, 32,
                Duration.ofSeconds(20));
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "the broker holds a pull that finds nothing");
        await(gateway.send(message(topic, 0, "late", Map.of())));
        PullOutcome pulled = await(waiting);
        assertEquals(PullOutcome.Status.FOUND, pulled.status());
        assertEquals("late", new String(pulled.messages().get(0).body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswerNoNewMessageAtTheEndWithoutSuspending() throws Exception {
        String topic = unique("empty");
        peer.createTopic(topic, 1, null);
        await(gateway.send(message(topic, 0, "one", Map.of())));
        // Until its queue shows the message, offset 1 lies beyond the queue's end rather than at it.
        awaitQueued(new QueueRef(topic, 0), 1);
        PullOutcome pulled = await(gateway.pull("g-" + topic, SubscriptionSpec.all(topic), 0, 1, 32,
                Duration.ZERO));
        assertEquals(PullOutcome.Status.NO_NEW_MESSAGE, pulled.status());
        assertEquals(1, pulled.nextOffset());
    }

    @Test
    void shouldPullOnlyTheSubscribedTags() throws Exception {
        String topic = unique("tags");
        peer.createTopic(topic, 1, null);
        for (String tag : List.of("a", "b", "c", "b")) {
            await(gateway.send(message(topic, 0, tag, Map.of("TAGS", tag))));
        }
        PullOutcome pulled = await(gateway.pull("g-" + topic, new SubscriptionSpec(topic,
                SubscriptionSpec.FilterKind.TAG, "b || c"), 0, 0, 32, ARRIVAL));
        assertEquals(List.of("b", "c", "b"), pulled.messages().stream().map(m -> m.property("TAGS")).toList());
        assertEquals(4, pulled.nextOffset());
    }

    @Test
    void shouldStoreABatchInOrderInOneQueue() throws Exception {
        String topic = unique("batch");
        peer.createTopic(topic, 2, null);
        List<OutgoingMessage> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(message(topic, 0, "m" + i, Map.of("n", Integer.toString(i))));
        }
        SendOutcome sent = await(gateway.sendBatch(batch));
        assertEquals(batch.stream().map(m -> m.properties().get("UNIQ_KEY")).toList(), sent.messageIds());
        // A pull woken by the first message of the batch may come before the queue shows the others.
        awaitQueued(new QueueRef(topic, 0), 5);
        PullOutcome pulled = await(gateway.pull("g-" + topic, SubscriptionSpec.all(topic), 0, 0, 32, ARRIVAL));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), pulled.messages().stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList());
        assertEquals(List.of("0", "1", "2", "3", "4"), pulled.messages().stream().map(m -> m.property("n"))
                .toList());
    }

    @Test
    void shouldKeepTheGroupOffsetAndTellTheQueueBounds() throws Exception {
        String topic = unique("offsets");
        peer.createTopic(topic, 1, null);
        String group = unique("g");
        QueueRef queue = new QueueRef(topic, 0);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            await(gateway.send(message(topic, 0, "m" + i, Map.of())));
        }
        assertTrue(gateway.committedOffset(group, queue).isEmpty(), "a new group has no offset");
        gateway.registerConsumer(new ConsumerHeartbeat(group, ConsumerHeartbeat.ConsumeMode.PUSH,
                List.of(SubscriptionSpec.all(topic))), listener("offsets-member"));
        gateway.commitOffset(group, queue, 2);
        assertEquals(2, gateway.committedOffset(group, queue).getAsLong());
        awaitQueued(queue, 3);
        assertEquals(new QueueBounds(0, 3), gateway.bounds(queue));
        assertEquals(3, gateway.startOffset(group, queue), "a group starts at the end of the queue");
        assertEquals(0, gateway.offsetAt(queue, before));
        assertEquals(3, gateway.offsetAt(queue, System.currentTimeMillis() + 60_000));
        gateway.unregisterConsumer(group, "offsets-member");
    }

    @Test
    void shouldLeaseAQueueToOneClientAtATime() throws Exception {
        String topic = unique("leased");
        peer.createTopic(topic, 2, null);
        gateway.route(topic);
        String group = unique("g");
        Set<QueueRef> queues = Set.of(new QueueRef(topic, 0), new QueueRef(topic, 1));
        assertEquals(queues, gateway.lockQueues(group, "client-a", queues));
        assertEquals(Set.of(), gateway.lockQueues(group, "client-b", queues));
        gateway.unlockQueues(group, "client-a", Set.of(new QueueRef(topic, 1)));
        assertEquals(Set.of(new QueueRef(topic, 1)), gateway.lockQueues(group, "client-b", queues));
    }

    @Test
    void shouldRefuseAMalformedFilterNamingItsPosition() {
        String topic = unique("filtered");
        GatewayException e = assertThrows(GatewayException.class, () -> gateway.registerConsumer(
                new ConsumerHeartbeat("g-" + topic, ConsumerHeartbeat.ConsumeMode.PUSH, List.of(
                        new SubscriptionSpec(topic, SubscriptionSpec.FilterKind.SQL92, "price >"))),
                listener("c-" + topic)));
        assertEquals(GatewayException.Kind.ILLEGAL_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("price >") && e.getMessage().contains("position"), e.getMessage());
    }

    @Test
    void shouldListTheGroupsMembersAndForgetOneThatLeaves() throws Exception {
        String topic = unique("members");
        peer.createTopic(topic, 1, null);
        String group = unique("g");
        ConsumerHeartbeat heartbeat = new ConsumerHeartbeat(group, ConsumerHeartbeat.ConsumeMode.PUSH,
                List.of(SubscriptionSpec.all(topic)));
        assertTrue(gateway.registerConsumer(heartbeat, listener("member-b")).exists());
        gateway.registerConsumer(heartbeat, listener("member-a"));
        assertEquals(List.of("member-a", "member-b"), gateway.memberIds(group));
        gateway.unregisterConsumer(group, "member-b");
        assertEquals(List.of("member-a"), gateway.memberIds(group));
        gateway.unregisterConsumer(group, "member-a");
        assertEquals(List.of(), gateway.memberIds(group));
    }

    @Test
    void shouldTellThatATopicDoesNotExistWhenPulled() {
        String topic = unique("missing");
        CompletionException e = assertThrows(CompletionException.class, () -> gateway.pull("g", SubscriptionSpec
                .all(topic), 0, 0, 1, Duration.ZERO).join());
        GatewayException cause = assertInstanceOf(GatewayException.class, e.getCause());
        assertEquals(GatewayException.Kind.TOPIC_NOT_FOUND, cause.kind(), cause.getMessage());
    }

    @Test
    void shouldTellAMemberWhenItsGroupsMembersChange() throws Exception {
        String topic = unique("changing");
        peer.createTopic(topic, 1, null);
        String group = unique("g");
        ConsumerHeartbeat heartbeat = new ConsumerHeartbeat(group, ConsumerHeartbeat.ConsumeMode.PUSH,
                List.of(SubscriptionSpec.all(topic)));
        RecordingListener first = new RecordingListener("first-member");
        gateway.registerConsumer(heartbeat, first);
        gateway.registerConsumer(heartbeat, listener("second-member"));
        Await.until(Duration.ofSeconds(10), () -> first.changedGroups.contains(group),
                "the first member hears that a second joined");
        gateway.unregisterConsumer(group, "second-member");
        gateway.unregisterConsumer(group, "first-member");
    }

    @Test
    void shouldHandAnOperatorsOffsetResetToTheMembersAndKeepItAsTheGroups() throws Exception {
        String topic = unique("reset");
        peer.createTopic(topic, 2, null);
        String group = unique("g");
        for (int i = 0; i < 4; i++) {
            await(gateway.send(message(topic, i % 2, "m" + i, Map.of())));
        }
        RecordingListener member = new RecordingListener("reset-member");
        gateway.registerConsumer(new ConsumerHeartbeat(group, ConsumerHeartbeat.ConsumeMode.PUSH,
                List.of(SubscriptionSpec.all(topic))), member);
        gateway.commitOffset(group, new QueueRef(topic, 0), 2);
        gateway.commitOffset(group, new QueueRef(topic, 1), 2);

        peer.resetOffsets(group, topic, 0);
        Await.until(Duration.ofSeconds(10), () -> member.resets.containsKey(group + "/" + topic),
                "the member hears of the reset");
        assertEquals(Map.of(0, 0L, 1, 0L), member.resets.get(group + "/" + topic));
        assertEquals(0, gateway.committedOffset(group, new QueueRef(topic, 0)).getAsLong());
        assertEquals(0, gateway.committedOffset(group, new QueueRef(topic, 1)).getAsLong());
        gateway.unregisterConsumer(group, "reset-member");
    }

    @Test
    void shouldAskTheNextNameServerWhenOneCannotBeReached() throws Exception {
        String topic = unique("failover");
        peer.createTopic(topic, 3, null);
        try (RemoteGateway twoNameServers = RemoteGateway.connect(RemoteEndpoint.parse("127.0.0.1:1;"
                + peer.nameServer()))) {
            assertEquals(3, twoNameServers.route(topic).readQueueNums());
        }
    }

    @Test
    void shouldRefuseAnEndpointWhereNoNameServerAnswers() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> RemoteGateway.connect(RemoteEndpoint.parse("127.0.0.1:1")));
        assertEquals(GatewayException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void shouldReadTheGroupsSettingsFromTheBroker() throws Exception {
        String ordered = unique("ordered");
        peer.createGroup(ordered, true);
        ConsumerSettings settings = gateway.consumerSettings(ordered);
        assertTrue(settings.exists());
        assertTrue(settings.orderly());
        assertFalse(settings.broadcasting());
        assertEquals(16, settings.maxRetries());
        assertEquals(ConsumerSettings.StartFrom.LAST_OFFSET, settings.startFrom());
        assertFalse(gateway.consumerSettings(unique("plain")).orderly(), "a group made on first use is not ordered");
    }

    @Test
    void shouldCreateAMixedTopicOnceAndSetAGroupsRetriesAndOrderOnTheBrokers() throws Exception {
        String topic = unique("created");
        assertTrue(gateway.createTopicIfAbsent(topic, "MIXED"), "created");
        Await.until(Duration.ofSeconds(10), () -> gateway.route(topic).exists(), "the NameServers route " + topic);
        // Apache RocketMQ 5.5 has no MIXED type: the topic is made without one, and takes every kind over remoting.
        assertEquals(peer.toString().startsWith("apache") ? TopicType.UNSPECIFIED : TopicType.MIXED,
                gateway.route(topic).type());
        assertFalse(gateway.createTopicIfAbsent(topic, "MIXED"), "it exists now");

        String group = unique("configured");
        gateway.createOrUpdateGroup(group, 3, true);
        ConsumerSettings settings = gateway.consumerSettings(group);
        assertTrue(settings.exists() && settings.orderly(), settings.toString());
        assertEquals(3, settings.maxRetries());
    }

    @Test
    void shouldEndHalvesFromWhatSendHalfAnsweredEvenThroughAnotherGateway() throws Exception {
        String topic = unique("halves");
        peer.createTopic(topic, 1, null);
        String group = unique("xa");
        Map<String, String> prepared = Map.of("TRAN_MSG", "true", "PGROUP", group, "TAGS", "h");
        SentHalf kept = await(gateway.sendHalf(message(topic, 0, "kept", prepared)));
        SentHalf dropped = await(gateway.sendHalf(message(topic, 0, "dropped", prepared)));
        assertEquals(group, kept.producerGroup());
        assertEquals(topic, kept.topic());
        assertTrue(kept.commitLogOffset() >= 0 && !kept.brokerAddress().isEmpty(), kept.toString());
        try (RemoteGateway restarted = RemoteGateway.connect(RemoteEndpoint.parse(peer.nameServer()))) {
            await(restarted.endHalf(kept, TransactionResolution.COMMIT));
            await(restarted.endHalf(dropped, TransactionResolution.ROLLBACK));
        }
        await(gateway.send(message(topic, 0, "after", Map.of())));
        QueueRef queue = new QueueRef(topic, 0);
        awaitQueued(queue, 2);
        PullOutcome pulled = await(gateway.pull("g-" + topic, SubscriptionSpec.all(topic), 0, 0, 32, ARRIVAL));
        List<String> bodies = pulled.messages().stream().map(m -> new String(m.body(), StandardCharsets.UTF_8))
                .toList();
        assertEquals(List.of("kept", "after"), bodies);
        assertEquals(kept.messageId(), pulled.messages().get(0).property("UNIQ_KEY"));
        assertEquals("h", pulled.messages().get(0).property("TAGS"));
    }
}
