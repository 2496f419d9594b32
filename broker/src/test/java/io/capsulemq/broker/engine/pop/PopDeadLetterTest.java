package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.capsulemq.broker.engine.pop.PopFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class PopDeadLetterTest {
    @TempDir
    Path dir;
    PopFixture f;

    @BeforeEach
    void open() {
        f = new PopFixture(dir);
        f.topic("T", 1, MessageType.NORMAL);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldDeliverAMessageRetryMaxTimesPlusOneTimesThenDeadLetterIt() {
        f.retryMaxTimes("g", 2);
        f.send("T", 0, "m0");
        f.send("T", 0, "m1");
        for (int attempt = 1; attempt <= 3; attempt++) {
            PoppedMessage m = f.pop("g", "T", 1).get(0);
            assertEquals("m0", body(m));
            assertEquals(attempt, m.deliveryAttempt());
            f.afterInvisibleTime();
        }

        PoppedMessage next = f.pop("g", "T", 1).get(0);
        assertEquals("m1", body(next));
        List<StoredMessage> dead = f.deadLetters("g");
        assertEquals(1, dead.size());
        assertEquals("m0", dead.get(0).uniqueId(), "the dead letter keeps the message id");
        assertEquals("T", dead.get(0).property(MessageProperties.RETRY_TOPIC));
        assertEquals(3, dead.get(0).reconsumeTimes());
        assertEquals(List.of(1L), f.pop.inFlight("g").stream().map(InFlightMessage::queueOffset).toList());
        assertEquals(1, f.committed("g", "T", 0), "the dead letter no longer holds back the group");
    }

    @Test
    void shouldUseTheDefaultOfSixteenRetries() {
        f.send("T", 0, "m0");
        for (int attempt = 1; attempt <= GroupConfig.DEFAULT_RETRY_MAX_TIMES + 1; attempt++) {
            assertEquals(attempt, f.pop("g", "T", 1).get(0).deliveryAttempt());
            f.afterInvisibleTime();
        }
        assertEquals(List.of(), f.pop("g", "T", 1));
        assertEquals(1, f.deadLetters("g").size());
    }

    @Test
    void shouldDeadLetterEvenWhenNoConsumerPopsAnyMore() throws InterruptedException {
        f.retryMaxTimes("g", 0);
        f.send("T", 0, "m0");
        f.pop("g", "T", 1);
        f.afterInvisibleTime();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!f.pop.inFlight("g").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), f.pop.inFlight("g"), "the revive check dead-letters within a second or two");
        assertEquals(1, f.deadLetters("g").size());
        assertEquals(1, f.committed("g", "T", 0));
    }
}
