package io.capsulemq.client.local;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.client.TestBroker;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.QueueRef;
import io.capsulemq.client.gateway.SendOutcome;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalGatewayTest {
    private TestBroker broker;
    private LocalGateway gateway;

    @BeforeEach
    void start(@TempDir Path dir) {
        broker = TestBroker.start(dir);
        gateway = new LocalGateway(broker.broker());
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static OutgoingMessage message(String topic, int queue, String uniqueId) {
        return new OutgoingMessage(topic, queue, new byte[] {1}, Map.of("UNIQ_KEY", uniqueId),
                System.currentTimeMillis(), new InetSocketAddress("127.0.0.1", 0));
    }

    private static ClientListener client(String id) {
        return new ClientListener() {
            @Override
            public String clientId() {
                return id;
            }

            @Override
            public boolean isActive() {
                return true;
            }
        };
    }

    @Test
    void shouldRouteATopicNotCreatedYetWithTheQueuesItWouldGet() {
        TopicRoute route = gateway.route("fresh");
        assertFalse(route.exists());
        assertEquals(broker.broker().config().defaultTopicQueueNums(), route.writeQueueNums());
        broker.broker().topics().createOrUpdate(TopicConfig.of("fresh", 3, MessageType.FIFO));
        route = gateway.route("fresh");
        assertTrue(route.exists());
        assertEquals(3, route.readQueueNums());
        assertEquals(io.capsulemq.client.gateway.TopicType.FIFO, route.type());
    }

    @Test
    void shouldRefuseToRouteATopicThatCannotBeCreated(@TempDir Path other) {
        try (TestBroker strict = TestBroker.start(other, b -> b.autoCreateTopicEnable(false))) {
            GatewayException e = assertThrows(GatewayException.class,
                    () -> new LocalGateway(strict.broker()).route("nowhere"));
            assertEquals(GatewayException.Kind.TOPIC_NOT_FOUND, e.kind());
        }
    }

    @Test
    void shouldStoreABatchInOneQueueAndPullItBack() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("batch", 2, MessageType.NORMAL));
        SendOutcome sent = gateway.sendBatch(List.of(message("batch", 1, "A"), message("batch", 1, "B"),
                message("batch", 1, "C"))).get();
        assertEquals(List.of("A", "B", "C"), sent.messageIds());
        broker.broker().store().awaitDispatched(Duration.ofSeconds(30));
        PullOutcome pulled = gateway.pull("g", SubscriptionSpec.all("batch"), 1, 0, 10, Duration.ZERO).get();
        assertEquals(PullOutcome.Status.FOUND, pulled.status());
        assertEquals(List.of("A", "B", "C"), pulled.messages().stream().map(m -> m.property("UNIQ_KEY")).toList());
        assertEquals(3, pulled.nextOffset());
    }

    @Test
    void shouldHoldAPullAtTheEndUntilAMessageArrives() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("waiting", 1, MessageType.NORMAL));
        CompletableFuture<PullOutcome> held = gateway.pull("g", SubscriptionSpec.all("waiting"), 0, 0, 10,
                Duration.ofSeconds(30));
        Thread.sleep(200);
        assertFalse(held.isDone(), "nothing to read yet: the pull waits");
        gateway.send(message("waiting", 0, "X")).get();
        PullOutcome outcome = held.get(10, TimeUnit.SECONDS);
        assertEquals(PullOutcome.Status.FOUND, outcome.status());
    }

    @Test
    void shouldCorrectAnOffsetBeyondTheQueue() throws Exception {
        broker.broker().topics().createOrUpdate(TopicConfig.of("short", 1, MessageType.NORMAL));
        gateway.send(message("short", 0, "X")).get();
        broker.broker().store().awaitDispatched(Duration.ofSeconds(30));
        PullOutcome outcome = gateway.pull("g", SubscriptionSpec.all("short"), 0, 9, 10, Duration.ZERO).get();
        assertEquals(PullOutcome.Status.OFFSET_ILLEGAL, outcome.status());
        assertEquals(1, outcome.nextOffset());
    }

    @Test
    void shouldFailAFutureWithTheBrokersReasonWhenASendIsRefused() {
        broker.broker().topics().createOrUpdate(TopicConfig.of("plain", 1, MessageType.NORMAL));
        ExecutionException e = assertThrows(ExecutionException.class, () -> gateway.send(message("plain", 5, "X"))
                .get());
        GatewayException cause = assertInstanceOf(GatewayException.class, e.getCause());
        assertEquals(GatewayException.Kind.ILLEGAL_REQUEST, cause.kind());
        assertTrue(cause.getMessage().contains("queue id 5 is out of range"), cause.getMessage());
    }

    @Test
    void shouldLetOneMemberOfAGroupHoldAQueueAtATime() {
        QueueRef q = new QueueRef("locked", 0);
        assertEquals(Set.of(q), gateway.lockQueues("g", "a", Set.of(q)));
        assertEquals(Set.of(), gateway.lockQueues("g", "b", Set.of(q)));
        gateway.unlockQueues("g", "a", Set.of(q));
        assertEquals(Set.of(q), gateway.lockQueues("g", "b", Set.of(q)));
    }

    @Test
    void shouldCreateAGroupOnlyOnceItsTopicsExistAndOrderedForAFifoTopic() {
        ConsumerHeartbeat heartbeat = new ConsumerHeartbeat("fifo-readers", ConsumerHeartbeat.ConsumeMode.PUSH,
                List.of(SubscriptionSpec.all("later-fifo")));
        ConsumerSettings before = gateway.registerConsumer(heartbeat, client("c1"));
        assertFalse(before.exists(), "not created while its topic does not exist");
        assertTrue(broker.broker().groups().find("fifo-readers").isEmpty());

        broker.broker().topics().createOrUpdate(TopicConfig.of("later-fifo", 2, MessageType.FIFO));
        ConsumerSettings after = gateway.registerConsumer(heartbeat, client("c1"));
        assertTrue(after.exists());
        assertTrue(after.orderly(), "a group created for a FIFO topic consumes in order");
        assertTrue(broker.broker().topics().find("%RETRY%fifo-readers").isPresent(), "its retry topic exists");
        assertEquals(List.of("c1"), gateway.memberIds("fifo-readers"));
    }

    @Test
    void shouldRefuseAMalformedFilterAtRegistration() {
        broker.broker().topics().createOrUpdate(TopicConfig.of("t", 1, MessageType.NORMAL));
        GatewayException e = assertThrows(GatewayException.class, () -> gateway.registerConsumer(
                new ConsumerHeartbeat("g", ConsumerHeartbeat.ConsumeMode.PUSH,
                        List.of(new SubscriptionSpec("t", SubscriptionSpec.FilterKind.SQL92, "a = "))), client("c")));
        assertEquals(GatewayException.Kind.ILLEGAL_REQUEST, e.kind());
    }
}
