package io.capsulemq.broker.engine.pop;

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

class FifoPopTest {
    @TempDir
    Path dir;
    PopFixture f;

    @BeforeEach
    void open() {
        f = new PopFixture(dir);
        f.topic("F", 1, MessageType.FIFO);
        for (int i = 0; i < 5; i++) {
            f.send("F", 0, "m" + i);
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldHoldTheQueueUntilEveryPoppedMessageIsAcknowledged() {
        List<PoppedMessage> first = f.popFifo("g", "F", 2);
        assertEquals(List.of("m0", "m1"), bodies(first));
        assertEquals(List.of(), f.popFifo("g", "F", 2), "m0 and m1 are not acknowledged");

        f.pop.ack("g", "F", first.get(0).receiptHandle());
        assertEquals(List.of(), f.popFifo("g", "F", 2), "m1 is still not acknowledged");

        f.pop.ack("g", "F", first.get(1).receiptHandle());
        assertEquals(List.of("m2", "m3"), bodies(f.popFifo("g", "F", 2)));
    }

    @Test
    void shouldHoldOnlyTheQueueOfTheUnacknowledgedMessage() {
        f.topic("F2", 2, MessageType.FIFO);
        f.send("F2", 0, "q0-a");
        f.send("F2", 0, "q0-b");
        f.send("F2", 1, "q1-a");
        f.send("F2", 1, "q1-b");
        List<PoppedMessage> first = f.popFifo("g", "F2", 1);
        String blocked = body(first.get(0)).substring(0, 2);
        String other = blocked.equals("q0") ? "q1" : "q0";

        assertEquals(List.of(other + "-a"), bodies(f.popFifo("g", "F2", 1)));
        assertEquals(List.of(), f.popFifo("g", "F2", 1), "both queues now wait for an acknowledgement");
    }

    @Test
    void shouldRedeliverAnUnacknowledgedMessageInPlaceBeforeTheNextOne() {
        PoppedMessage first = f.popFifo("g", "F", 1).get(0);
        f.afterInvisibleTime();

        PoppedMessage again = f.popFifo("g", "F", 1).get(0);
        assertEquals("m0", body(again));
        assertEquals(first.message().queueOffset(), again.message().queueOffset());
        assertEquals(2, again.deliveryAttempt());

        f.pop.ack("g", "F", again.receiptHandle());
        PoppedMessage next = f.popFifo("g", "F", 1).get(0);
        assertEquals("m1", body(next));
        assertEquals(1, next.deliveryAttempt());
    }

    @Test
    void shouldDeadLetterAMessageAfterItsLastDeliveryAndMoveOn() {
        f.retryMaxTimes("g", 2);
        for (int attempt = 1; attempt <= 3; attempt++) {
            PoppedMessage m = f.popFifo("g", "F", 1).get(0);
            assertEquals("m0", body(m));
            assertEquals(attempt, m.deliveryAttempt());
            f.afterInvisibleTime();
        }

        PoppedMessage next = f.popFifo("g", "F", 1).get(0);
        assertEquals("m1", body(next), "the queue moves on past the dead letter");
        List<StoredMessage> dead = f.deadLetters("g");
        assertEquals(List.of("m0"), dead.stream().map(PopFixture::text).toList());
        assertEquals("F", dead.get(0).property(MessageProperties.RETRY_TOPIC));
        assertEquals("m0", dead.get(0).uniqueId());
        assertEquals(1, f.committed("g", "F", 0));
    }
}
