package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.admin.GroupView;
import io.capsulemq.broker.engine.admin.QueueProgress;
import io.capsulemq.broker.engine.client.ConsumeType;
import io.capsulemq.broker.engine.client.ConsumerRegistration;
import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.client.Subscription;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.capsulemq.broker.engine.TestBrokers.message;
import static org.junit.jupiter.api.Assertions.*;

class AdminServiceTest {
    @TempDir
    Path dir;

    @Test
    void shouldShowEachQueuesLagForAGroup() {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.admin().createOrUpdateTopic(TopicConfig.of("t", 2, MessageType.NORMAL));
            for (int i = 0; i < 5; i++) {
                broker.sender().send(message("t", 0, "m" + i)).join();
            }
            broker.sender().send(message("t", 1, "x")).join();
            TestBrokers.awaitDispatched(broker);
            broker.offsets().commit("g", "t", 0, 2);
            GroupView view = broker.admin().group("g");
            assertEquals(List.of(new QueueProgress("t", 0, 2, 0, 5), new QueueProgress("t", 1, -1, 0, 1)),
                    view.queues());
            assertEquals(3 + 1, view.totalLag());
            assertTrue(broker.admin().groups().stream().anyMatch(g -> g.group().equals("g")));
        }
    }

    @Test
    void shouldResetOffsetsToATimestampAndTellLiveMembers() throws Exception {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.admin().createOrUpdateTopic(TopicConfig.of("t", 1, MessageType.NORMAL));
            broker.sender().send(message("t", 0, "old")).join();
            Thread.sleep(20);
            long cut = System.currentTimeMillis();
            Thread.sleep(20);
            broker.sender().send(message("t", 0, "new")).join();
            TestBrokers.awaitDispatched(broker);
            broker.offsets().commit("g", "t", 0, 2);
            RecordingClient member = new RecordingClient("m");
            broker.consumers().heartbeat(member, new ConsumerRegistration("g", MessageModel.CLUSTERING,
                    ConsumeType.PUSH, Map.of("t", Subscription.all("t"))));
            assertEquals(Map.of(0, 1L), broker.admin().resetOffsets("g", "t", cut));
            assertEquals(1L, broker.offsets().committed("g", "t", 0).getAsLong());
            assertEquals(Map.of("g/t", Map.of(0, 1L)), member.resets);
        }
    }

    @Test
    void shouldDeleteATopicWithItsQueuesAndOffsets() {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.sender().send(message("gone", 0, "a")).join();
            TestBrokers.awaitDispatched(broker);
            broker.offsets().commit("g", "gone", 0, 1);
            assertTrue(broker.admin().deleteTopic("gone"));
            assertTrue(broker.topics().find("gone").isEmpty());
            assertEquals(0, broker.store().maxOffset("gone", 0));
            assertTrue(broker.offsets().committed("g", "gone").isEmpty());
            assertEquals(0, broker.sender().send(message("gone", 0, "again")).join().queueOffset(),
                    "a recreated topic starts again at offset 0");
            assertThrows(BrokerException.class, () -> broker.admin().deleteTopic("RMQ_SYS_TRANS_HALF_TOPIC"));
        }
    }

    @Test
    void shouldFindMessagesByOffsetIdUniqueIdKeyAndQueueOffset() {
        try (Broker broker = TestBrokers.start(dir)) {
            var sent = broker.sender().send(MessageToStore.builder("t", 0).keys("order-7").body(new byte[] {7})
                    .build()).join();
            TestBrokers.awaitDispatched(broker);
            StoredMessage byOffsetId = broker.admin().messageById("t", sent.offsetMessageId()).orElseThrow();
            StoredMessage byUniqueId = broker.admin().messageById("t", sent.messageId()).orElseThrow();
            assertEquals(byOffsetId.commitLogOffset(), byUniqueId.commitLogOffset());
            assertEquals(1, broker.admin().messagesByKey("t", "order-7", 0, Long.MAX_VALUE, 10).size());
            assertEquals(1, broker.admin().messagesByOffset("t", 0, 0, 10).messages().size());
            assertTrue(broker.admin().messageById("t", "0000000000000000000000000000FFFF").isEmpty());
        }
    }

    @Test
    void shouldListTimedMessagesAndPendingHalfMessages() throws Exception {
        try (Broker broker = TestBrokers.start(dir)) {
            long due = System.currentTimeMillis() + java.time.Duration.ofHours(1).toMillis();
            var timed = broker.sender().send(MessageToStore.builder("later", 0)
                    .property(io.capsulemq.broker.store.message.MessageProperties.DELIVER_TIME_MS, Long.toString(due))
                    .build()).join();
            var half = broker.sender().send(MessageToStore.builder("orders", 0)
                    .property(io.capsulemq.broker.store.message.MessageProperties.TRANSACTION_PREPARED, "true")
                    .property(io.capsulemq.broker.store.message.MessageProperties.PRODUCER_GROUP, "pg").build())
                    .join();
            TestBrokers.awaitDispatched(broker);
            long deadline = System.currentTimeMillis() + 10_000;
            while (broker.admin().timedMessageCount() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, broker.admin().timedMessageCount());
            var listed = broker.admin().timedMessages(10).get(0);
            assertEquals("later", listed.topic());
            assertEquals(timed.messageId(), listed.messageId());
            assertTrue(Math.abs(listed.dueMillis() - due) <= 1000, "due " + listed.dueMillis() + " vs " + due);
            var pending = broker.admin().pendingHalfMessages(10);
            assertEquals(1, pending.size());
            assertEquals("orders", pending.get(0).topic());
            assertEquals(half.messageId(), pending.get(0).messageId());
            assertEquals(0, broker.store().maxOffset("later", 0), "a timed message is not visible before its time");
        }
    }
}
