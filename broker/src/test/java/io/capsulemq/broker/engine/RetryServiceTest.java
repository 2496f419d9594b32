package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RetryServiceTest {
    @TempDir
    Path dir;

    private static StoredMessage sendAndRead(Broker broker, MessageToStore m) {
        var sent = broker.sender().send(m).join();
        return broker.store().lookUpByOffsetId(sent.offsetMessageId()).orElseThrow();
    }

    private static long stored(Broker broker, String topic) {
        long total = 0;
        for (int q = 0; q < broker.topics().find(topic).orElseThrow().writeQueueNums(); q++) {
            total += broker.store().maxOffset(topic, q);
        }
        return total;
    }

    @Test
    void shouldDeadLetterAtOnceOnANegativeLevelKeepingIdTopicAndProperties() {
        try (Broker broker = TestBrokers.start(dir)) {
            StoredMessage failed = sendAndRead(broker, MessageToStore.builder("orders", 2).tags("TagA")
                    .keys("k1").property("color", "red").body(new byte[] {1, 2}).build());
            broker.retries().sendBack("g", failed, -1, -1).join();
            TestBrokers.awaitDispatched(broker);
            GetResult dead = broker.retries().deadLetters("g", 0, 10);
            assertEquals(1, dead.messages().size());
            StoredMessage letter = dead.messages().get(0);
            assertEquals(SystemTopics.deadLetterTopic("g"), letter.topic());
            assertEquals(failed.uniqueId(), letter.uniqueId());
            assertEquals("orders", letter.property(MessageProperties.RETRY_TOPIC));
            assertEquals(failed.offsetMessageId(), letter.property(MessageProperties.ORIGIN_MESSAGE_ID));
            assertEquals("red", letter.property("color"));
            assertEquals("TagA", letter.tags());
            assertArrayEquals(new byte[] {1, 2}, letter.body());
            assertEquals(1, letter.reconsumeTimes());
        }
    }

    @Test
    void shouldDeadLetterOnceTheGroupsMaximumIsReached() {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.groups().createOrUpdate(broker.groups().findOrAutoCreate("g").withRetryMaxTimes(2));
            StoredMessage failed = sendAndRead(broker, MessageToStore.builder("orders", 0)
                    .reconsumeTimes(2).build());
            broker.retries().sendBack("g", failed, 0, -1).join();
            TestBrokers.awaitDispatched(broker);
            assertEquals(1, broker.retries().deadLetters("g", 0, 10).messages().size());
            assertEquals(3, broker.retries().deadLetters("g", 0, 10).messages().get(0).reconsumeTimes());
        }
    }

    @Test
    void shouldSendADeadLetterBackToItsTopicWithAttemptsReset() {
        try (Broker broker = TestBrokers.start(dir)) {
            StoredMessage failed = sendAndRead(broker, MessageToStore.builder("orders", 0).keys("k").build());
            broker.retries().sendBack("g", failed, -1, -1).join();
            TestBrokers.awaitDispatched(broker);
            StoredMessage letter = broker.retries().deadLetters("g", 0, 1).messages().get(0);
            long before = stored(broker, "orders");
            var put = broker.retries().resendDeadLetter("g", letter.commitLogOffset()).join();
            StoredMessage back = broker.store().lookAt(put.commitLogOffset()).orElseThrow();
            assertEquals("orders", back.topic());
            assertEquals(0, back.reconsumeTimes());
            assertEquals(failed.uniqueId(), back.uniqueId());
            assertNull(back.property(MessageProperties.RETRY_TOPIC));
            TestBrokers.awaitDispatched(broker);
            assertEquals(before + 1, stored(broker, "orders"));
            assertThrows(BrokerException.class, () -> broker.retries().resendDeadLetter("g", failed.commitLogOffset()),
                    "a message that is not a dead letter of the group is refused");
        }
    }
}
