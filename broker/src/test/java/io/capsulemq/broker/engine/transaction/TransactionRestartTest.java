package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.capsulemq.broker.engine.transaction.TransactionBed.INTERVAL;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.COMMIT;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.ROLLBACK;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.UNKNOWN;
import static org.junit.jupiter.api.Assertions.*;

class TransactionRestartTest {
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
    void shouldCheckAPendingHalfAfterARestartKeepingItsCountAndCommitItOnce() throws Exception {
        bed.connectProducer("p1").answering(UNKNOWN);
        SendResult sent = bed.sendHalf("survivor");
        bed.clock.advance(Duration.ofSeconds(7));
        bed.checkPass();
        bed.clock.advance(INTERVAL);
        bed.checkPass();

        bed.restart();
        assertEquals(2, bed.pending().get(0).checks());
        FakeProducer producer = bed.connectProducer("p2").answering(COMMIT);
        assertEquals(0, bed.checkPass().checked(), "the interval since the last check is kept too");
        bed.clock.advance(INTERVAL);
        assertEquals(1, bed.checkPass().checked());
        producer.awaitAnswers();
        assertEquals("3", producer.checks().get(0).half().property(HalfMessages.CHECK_TIMES));
        assertEquals(List.of("survivor"), bed.visibleBodies());

        bed.restart();
        FakeProducer after = bed.connectProducer("p3").answering(COMMIT);
        bed.clock.advance(INTERVAL.multipliedBy(5));
        bed.checkPass();
        assertEquals(List.of(), after.checks());
        assertEquals(List.of(), bed.pending());
        assertEquals(List.of(sent.messageId()), bed.visible().stream().map(StoredMessage::uniqueId).toList());
    }

    @Test
    void shouldNeitherCheckNorCommitAgainAfterARestart() throws Exception {
        SendResult committed = bed.sendHalf("yes");
        SendResult rolledBack = bed.sendHalf("no");
        bed.end(committed, COMMIT);
        bed.end(rolledBack, ROLLBACK);

        bed.restart();
        FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
        bed.end(committed, COMMIT);
        bed.end(rolledBack, COMMIT);
        bed.clock.advance(INTERVAL.multipliedBy(2));
        bed.checkPass();

        assertEquals(List.of(), producer.checks());
        assertEquals(List.of("yes"), bed.visibleBodies());
        assertEquals(List.of(), bed.pending());
        assertEquals(2, bed.tx.progress());
    }

    @Test
    void shouldFindTheCommittedCopyWhenTheCommitsOpRecordWasLost() throws Exception {
        SendResult sent = bed.sendHalf("stored, then the broker died");
        StoredMessage half = bed.store.lookAt(sent.commitLogOffset()).orElseThrow();
        bed.store.put(HalfMessages.committed(half));

        bed.restart();
        FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
        bed.clock.advance(Duration.ofSeconds(7));
        assertEquals(1, bed.checkPass().checked());
        producer.awaitAnswers();

        assertEquals(List.of("stored, then the broker died"), bed.visibleBodies());
        assertEquals(List.of(), bed.pending());
    }

    @Test
    void shouldKeepDiscardedHalvesDiscardedAndResumableAfterARestart() throws Exception {
        bed.connectProducer("p1");
        SendResult forgotten = bed.sendHalf("forgotten");
        bed.clock.advance(Duration.ofSeconds(7));
        for (int pass = 0; pass <= CHECK_MAX; pass++) {
            bed.checkPass();
            bed.clock.advance(INTERVAL);
        }
        SendResult open = bed.sendHalf("still open");

        bed.restart();
        FakeProducer producer = bed.connectProducer("p2");
        assertEquals(List.of(forgotten.commitLogOffset()),
                bed.discarded().stream().map(DiscardedHalf::halfCommitLogOffset).toList());
        assertEquals(List.of(open.commitLogOffset()),
                bed.pending().stream().map(PendingHalf::halfCommitLogOffset).toList());
        bed.checkPass();
        assertEquals(List.of(open.commitLogOffset()),
                producer.checks().stream().map(c -> c.half().commitLogOffset()).toList());

        bed.tx.resumeChecks(forgotten.commitLogOffset());
        bed.restart();
        bed.tx.resumeChecks(forgotten.commitLogOffset());
        assertEquals(List.of(), bed.discarded());
        assertEquals(2, bed.pending().size(), "the open half and one resumed copy");
        bed.end(forgotten, COMMIT);
        assertEquals(List.of("forgotten"), bed.visibleBodies());
    }
}
