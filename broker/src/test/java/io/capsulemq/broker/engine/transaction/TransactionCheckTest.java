package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.capsulemq.broker.engine.transaction.TransactionBed.GROUP;
import static io.capsulemq.broker.engine.transaction.TransactionBed.INTERVAL;
import static io.capsulemq.broker.engine.transaction.TransactionBed.TOPIC;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.COMMIT;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.UNKNOWN;
import static org.junit.jupiter.api.Assertions.*;

class TransactionCheckTest {
    private static final int CHECK_MAX = 3;

    @TempDir
    Path dir;
    TransactionBed bed;

    @BeforeEach
    void open() {
        bed = new TransactionBed(dir, CHECK_MAX);
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void shouldAskALiveProducerOnceTheTimeoutPassedAndCommitOnItsAnswer() throws Exception {
        FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
        SendResult sent = bed.sendHalf("checked", Map.of("color", "red"));

        bed.clock.advance(Duration.ofSeconds(2));
        bed.checkPass();
        assertEquals(List.of(), producer.checks(), "not yet due");

        bed.clock.advance(Duration.ofSeconds(5));
        assertEquals(1, bed.checkPass().checked());
        producer.awaitAnswers();

        FakeProducer.Check check = producer.checks().get(0);
        assertEquals(GROUP, check.group());
        assertEquals(sent.messageId(), check.transactionId());
        assertEquals(TOPIC, check.half().topic(), "the producer sees the topic it sent to");
        assertEquals(sent.commitLogOffset(), check.half().commitLogOffset());
        assertEquals(sent.messageId(), check.half().uniqueId());
        assertEquals("red", check.half().property("color"));
        assertEquals("1", check.half().property(HalfMessages.CHECK_TIMES));
        assertEquals(List.of("checked"), bed.visibleBodies());

        bed.clock.advance(INTERVAL.multipliedBy(3));
        bed.checkPass();
        assertEquals(1, producer.checks().size(), "a committed half is not asked about again");
        assertEquals(List.of("checked"), bed.visibleBodies());
    }

    @Test
    void shouldWaitForTheProducersOwnFirstCheckTime() throws Exception {
        FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
        bed.sendHalf("immune", Map.of(HalfMessages.CHECK_IMMUNITY_SECONDS, "60"));

        bed.clock.advance(Duration.ofSeconds(30));
        bed.checkPass();
        assertEquals(List.of(), producer.checks());

        bed.clock.advance(Duration.ofSeconds(31));
        bed.checkPass();
        assertEquals(1, producer.checks().size());
    }

    @Test
    void shouldAskAgainEachIntervalWhileTheProducerDoesNotKnow() throws Exception {
        FakeProducer producer = bed.connectProducer("p1").answering(UNKNOWN);
        SendResult sent = bed.sendHalf("unsure");

        bed.clock.advance(Duration.ofSeconds(7));
        bed.checkPass();
        bed.clock.advance(INTERVAL.dividedBy(2));
        bed.checkPass();
        assertEquals(1, producer.checks().size(), "not again before the interval");

        bed.clock.advance(INTERVAL.dividedBy(2));
        bed.checkPass();
        assertEquals(2, producer.checks().size());
        assertEquals("2", producer.checks().get(1).half().property(HalfMessages.CHECK_TIMES));
        PendingHalf pending = bed.pending().get(0);
        assertEquals(sent.commitLogOffset(), pending.halfCommitLogOffset());
        assertEquals(2, pending.checks());
        assertEquals(TOPIC, pending.topic());
        assertEquals(sent.messageId(), pending.messageId());
        assertEquals(GROUP, pending.producerGroup());
        assertTrue(pending.age().compareTo(INTERVAL) >= 0, "age " + pending.age());
    }

    @Test
    void shouldKeepAHalfPendingWithoutCountingWhileNoProducerIsLiveThenAskOneThatComesBack() throws Exception {
        SendResult sent = bed.sendHalf("patient");
        bed.clock.advance(Duration.ofSeconds(7));
        for (int pass = 0; pass < CHECK_MAX + 2; pass++) {
            assertEquals(new HalfChecker.Pass(0, 0, 1), bed.checkPass());
            bed.clock.advance(INTERVAL);
        }
        assertEquals(List.of(), bed.discarded());
        assertEquals(0, bed.pending().get(0).checks());

        FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
        bed.checkPass();
        producer.awaitAnswers();
        assertEquals(1, producer.checks().size());
        assertEquals(sent.messageId(), bed.visible().get(0).uniqueId());
    }

    @Test
    void shouldNotAskAProducerThatDisconnected() throws Exception {
        FakeProducer gone = bed.connectProducer("gone").answering(COMMIT);
        gone.disconnect();
        bed.sendHalf("x");
        bed.clock.advance(Duration.ofSeconds(7));
        assertEquals(1, bed.checkPass().waitingForProducer());
        assertEquals(List.of(), gone.checks());
    }

    @Test
    void shouldRollBackAfterTheLastUnansweredCheckListItAndCommitItOnceResumed() throws Exception {
        FakeProducer producer = bed.connectProducer("p1");
        SendResult sent = bed.sendHalf("forgotten", Map.of(MessageProperties.KEYS, "order-9"));
        bed.clock.advance(Duration.ofSeconds(7));
        for (int check = 1; check <= CHECK_MAX; check++) {
            assertEquals(1, bed.checkPass().checked(), "check " + check);
            bed.clock.advance(INTERVAL);
        }
        assertEquals(new HalfChecker.Pass(0, 1, 0), bed.checkPass());
        assertEquals(CHECK_MAX, producer.checks().size());
        assertEquals(List.of(), bed.pending());
        assertEquals(List.of(), bed.visible());

        List<DiscardedHalf> discarded = bed.discarded();
        assertEquals(1, discarded.size());
        DiscardedHalf d = discarded.get(0);
        assertEquals(sent.commitLogOffset(), d.halfCommitLogOffset());
        assertEquals(TOPIC, d.topic());
        assertEquals(sent.messageId(), d.messageId());
        assertEquals(GROUP, d.producerGroup());
        assertEquals(CHECK_MAX, d.checks());

        bed.end(sent, COMMIT);
        assertEquals(List.of(), bed.visible(), "a late answer does not undo the rollback");

        bed.tx.resumeChecks(sent.commitLogOffset());
        bed.tx.resumeChecks(sent.commitLogOffset());
        assertEquals(List.of(), bed.discarded());
        List<PendingHalf> pending = bed.pending();
        assertEquals(1, pending.size(), "resumed once");
        assertEquals(0, pending.get(0).checks());
        assertEquals(sent.messageId(), pending.get(0).messageId());

        producer.answering(COMMIT);
        bed.clock.advance(INTERVAL);
        assertEquals(1, bed.checkPass().checked());
        producer.awaitAnswers();
        assertEquals(List.of("forgotten"), bed.visibleBodies());
        assertEquals(sent.messageId(), bed.visible().get(0).uniqueId());
        assertEquals("order-9", bed.visible().get(0).property(MessageProperties.KEYS));
        assertNull(bed.visible().get(0).property(HalfMessages.RESUMED_FROM));
        assertEquals(List.of(), bed.pending());
    }

    @Test
    void shouldCommitAResumedHalfByItsOriginalOffset() throws Exception {
        bed.connectProducer("p1");
        SendResult sent = bed.sendHalf("late but sure");
        bed.clock.advance(Duration.ofSeconds(7));
        for (int pass = 0; pass <= CHECK_MAX; pass++) {
            bed.checkPass();
            bed.clock.advance(INTERVAL);
        }
        assertEquals(1, bed.discarded().size());
        bed.tx.resumeChecks(sent.commitLogOffset());

        bed.end(sent, COMMIT);
        bed.end(sent, COMMIT);

        assertEquals(List.of("late but sure"), bed.visibleBodies());
        assertEquals(List.of(), bed.pending());
    }

    @Test
    void shouldRefuseToResumeAHalfThatWasNotDiscarded() {
        SendResult sent = bed.sendHalf("pending");
        BrokerException e = assertThrows(BrokerException.class, () -> bed.tx.resumeChecks(sent.commitLogOffset()));
        assertEquals(BrokerException.Reason.NOT_FOUND, e.reason());
    }
}
