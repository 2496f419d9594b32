package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.BrokerException.Reason;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;

import static io.capsulemq.broker.engine.TestBrokers.message;
import static org.junit.jupiter.api.Assertions.*;

class SendServiceTest {
    @TempDir
    Path dir;

    private static BrokerException refusal(Runnable send) {
        try {
            send.run();
        } catch (CompletionException e) {
            return assertInstanceOf(BrokerException.class, e.getCause());
        } catch (BrokerException e) {
            return e;
        }
        return fail("the send was accepted");
    }

    @Test
    void shouldAutoCreateATopicOfTheFirstMessagesTypeAndStampAUniqueId() {
        try (Broker broker = TestBrokers.start(dir)) {
            SendResult r = broker.sender().send(message("orders", 3, "a")).join();
            assertEquals(0, r.queueOffset());
            assertNotNull(r.messageId());
            TopicConfig topic = broker.topics().find("orders").orElseThrow();
            assertEquals(MessageType.NORMAL, topic.messageType());
            assertEquals(8, topic.writeQueueNums());
            StoredMessage stored = broker.store().lookUpByOffsetId(r.offsetMessageId()).orElseThrow();
            assertEquals(r.messageId(), stored.uniqueId());
        }
    }

    @Test
    void shouldKeepTheProducersUniqueId() {
        try (Broker broker = TestBrokers.start(dir)) {
            MessageToStore m = MessageToStore.builder("t", 0).property(MessageProperties.UNIQUE_KEY, "MY-ID").build();
            assertEquals("MY-ID", broker.sender().send(m).join().messageId());
        }
    }

    @Test
    void shouldRefuseAMessageOfAnotherTypeNamingBoth() {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.topics().createOrUpdate(TopicConfig.of("fifo", 2, MessageType.FIFO));
            BrokerException e = refusal(() -> broker.sender().send(message("fifo", 0, "x")).join());
            assertEquals(Reason.MESSAGE_ILLEGAL, e.reason());
            assertTrue(e.getMessage().contains("FIFO") && e.getMessage().contains("NORMAL"), e.getMessage());
            MessageToStore grouped = MessageToStore.builder("fifo", 1)
                    .property(MessageProperties.SHARDING_KEY, "g1").build();
            assertEquals(0, broker.sender().send(grouped).join().queueOffset());
        }
    }

    @Test
    void shouldRefuseUnknownTopicsWhenAutoCreationIsOff() {
        try (Broker broker = TestBrokers.start(dir, c -> c.autoCreateTopicEnable(false))) {
            BrokerException e = refusal(() -> broker.sender().send(message("nope", 0, "x")));
            assertEquals(Reason.TOPIC_NOT_EXIST, e.reason());
            assertTrue(broker.topics().find("nope").isEmpty());
        }
    }

    @Test
    void shouldRefuseBadNamesQueuesAndPermissionsWithTheReason() {
        try (Broker broker = TestBrokers.start(dir)) {
            BrokerException badName = refusal(() -> broker.sender().send(message("bad topic", 0, "x")));
            assertTrue(badName.getMessage().contains("may only contain"), badName.getMessage());
            BrokerException tooLong = refusal(() -> broker.sender().send(message("t".repeat(128), 0, "x")));
            assertTrue(tooLong.getMessage().contains("127"), tooLong.getMessage());
            broker.topics().createOrUpdate(TopicConfig.of("two", 2, MessageType.NORMAL));
            BrokerException queue = refusal(() -> broker.sender().send(message("two", 2, "x")));
            assertTrue(queue.getMessage().contains("queue id 2"), queue.getMessage());
            broker.topics().createOrUpdate(new TopicConfig("ro", 1, 1, Permission.READ, MessageType.NORMAL));
            assertEquals(Reason.NO_PERMISSION, refusal(() -> broker.sender().send(message("ro", 0, "x"))).reason());
            assertEquals(Reason.NO_PERMISSION,
                    refusal(() -> broker.sender().send(message("RMQ_SYS_TRANS_HALF_TOPIC", 0, "x"))).reason());
        }
    }

    @Test
    void shouldRefuseATimeBeyondTheTimerHorizon() {
        try (Broker broker = TestBrokers.start(dir)) {
            long farAway = System.currentTimeMillis() + java.time.Duration.ofDays(4).toMillis();
            MessageToStore m = MessageToStore.builder("t", 0)
                    .property(MessageProperties.DELIVER_TIME_MS, Long.toString(farAway)).build();
            BrokerException e = refusal(() -> broker.sender().send(m));
            assertEquals(Reason.MESSAGE_ILLEGAL, e.reason());
            assertTrue(e.getMessage().contains("horizon"), e.getMessage());
        }
    }

    @Test
    void shouldStoreABatchContiguouslyWithOneIdEach() {
        try (Broker broker = TestBrokers.start(dir)) {
            SendResult r = broker.sender().sendBatch(List.of(message("b", 0, "1"), message("b", 0, "2"),
                    message("b", 0, "3"))).join();
            assertEquals(3, r.messageIds().size());
            assertEquals(3, r.messageIds().stream().distinct().count());
            TestBrokers.awaitDispatched(broker);
            assertEquals(3, broker.store().maxOffset("b", 0));
            BrokerException mixed = refusal(() -> broker.sender().sendBatch(List.of(message("b", 0, "1"),
                    message("b", 1, "2"))));
            assertTrue(mixed.getMessage().contains("same topic and queue"), mixed.getMessage());
        }
    }

    @Test
    void shouldKeepTopicsAcrossARestart() {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.topics().createOrUpdate(TopicConfig.of("kept", 3, MessageType.DELAY));
        }
        try (Broker broker = TestBrokers.start(dir)) {
            assertEquals(TopicConfig.of("kept", 3, MessageType.DELAY), broker.topics().find("kept").orElseThrow());
        }
    }
}
