package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.TestStores;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.capsulemq.broker.engine.transaction.TransactionBed.GROUP;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.COMMIT;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.ROLLBACK;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.UNKNOWN;
import static org.junit.jupiter.api.Assertions.*;

class TransactionEndTest {
    @TempDir
    Path dir;
    TransactionBed bed;

    @BeforeEach
    void open() {
        bed = new TransactionBed(dir, 3);
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void shouldKeepAHalfInvisibleUntilCommittedThenShowItWithItsPropertiesAndId() {
        SendResult sent = bed.sendHalf("pay order 7", Map.of(MessageProperties.KEYS, "order-7",
                MessageProperties.TAGS, "paid", "color", "blue"));
        assertEquals(List.of(), bed.visible());

        bed.end(sent, COMMIT);

        List<StoredMessage> visible = bed.visible();
        assertEquals(1, visible.size());
        StoredMessage m = visible.get(0);
        assertEquals("pay order 7", TestStores.body(m));
        assertEquals(sent.messageId(), m.uniqueId());
        assertEquals("order-7", m.property(MessageProperties.KEYS));
        assertEquals("paid", m.tags());
        assertEquals("blue", m.property("color"));
        assertEquals(GROUP, m.property(MessageProperties.PRODUCER_GROUP));
        assertNull(m.property(MessageProperties.REAL_TOPIC));
        assertNull(m.property(MessageProperties.REAL_QUEUE_ID));
        assertEquals(MessageSysFlag.TRANSACTION_COMMIT_TYPE, MessageSysFlag.transactionType(m.sysFlag()));
        assertEquals(sent.commitLogOffset(), m.preparedTransactionOffset());
        assertEquals(List.of(), bed.pending());
    }

    @Test
    void shouldNeverShowARolledBackHalfNorAskAboutIt() throws Exception {
        FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
        SendResult sent = bed.sendHalf("cancelled");

        bed.end(sent, ROLLBACK);
        bed.clock.advance(Duration.ofHours(2));
        bed.checkPass();

        assertEquals(List.of(), producer.checks());
        assertEquals(List.of(), bed.visible());
        assertEquals(List.of(), bed.pending());
    }

    @Test
    void shouldStoreOneCopyHoweverOftenAndConcurrentlyACommitIsRepeated() {
        SendResult sent = bed.sendHalf("once");
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ends.add(CompletableFuture.runAsync(() -> bed.end(sent, COMMIT)));
        }
        ends.forEach(CompletableFuture::join);
        bed.end(sent, COMMIT);
        bed.end(sent, ROLLBACK);

        assertEquals(List.of("once"), bed.visibleBodies());
    }

    @Test
    void shouldIgnoreACommitAfterARollback() {
        SendResult sent = bed.sendHalf("no");
        bed.end(sent, ROLLBACK);
        bed.end(sent, COMMIT);
        assertEquals(List.of(), bed.visible());
    }

    @Test
    void shouldLeaveAHalfPendingWhenItsProducerDoesNotKnowYet() {
        SendResult sent = bed.sendHalf("later");
        bed.end(sent, UNKNOWN);
        assertEquals(List.of(sent.commitLogOffset()),
                bed.pending().stream().map(PendingHalf::halfCommitLogOffset).toList());
        bed.end(sent, COMMIT);
        assertEquals(List.of("later"), bed.visibleBodies());
    }

    @Test
    void shouldRefuseAnOffsetWhereNoHalfIsStored() {
        SendResult sent = bed.sendHalf("x");
        long plainOffset = bed.store.put(TestStores.message("Plain", 0, "not a half")).commitLogOffset();

        for (long offset : new long[] {-1, sent.commitLogOffset() + 1, plainOffset, bed.store.maxCommitLogOffset()}) {
            BrokerException e = assertThrows(BrokerException.class,
                    () -> bed.tx.end(GROUP, offset, COMMIT, false), "offset " + offset);
            assertEquals(BrokerException.Reason.NOT_FOUND, e.reason());
        }
    }

    @Test
    void shouldRefuseAnEndFromAnotherProducerGroup() {
        SendResult sent = bed.sendHalf("mine");
        BrokerException e = assertThrows(BrokerException.class,
                () -> bed.tx.end("someone-else", sent.commitLogOffset(), COMMIT, false));
        assertEquals(BrokerException.Reason.MESSAGE_ILLEGAL, e.reason());
        assertEquals(List.of(), bed.visible());
    }

    @Test
    void shouldAnswerAFailedStoreWithAnErrorAndKeepTheHalfPending() {
        SendResult sent = bed.sendHalf("doomed");
        bed.txStore.refusePutsTo(topic -> true);

        CompletionException e = assertThrows(CompletionException.class,
                () -> bed.tx.end(GROUP, sent.commitLogOffset(), COMMIT, false).join());
        BrokerException refused = assertInstanceOf(BrokerException.class, e.getCause());
        assertEquals(BrokerException.Reason.SERVICE_NOT_AVAILABLE, refused.reason());
        assertEquals(1, bed.pending().size());

        bed.txStore.refusePutsTo(topic -> false);
        bed.end(sent, COMMIT);
        assertEquals(List.of("doomed"), bed.visibleBodies());
        assertEquals(List.of(), bed.pending());
    }

    @Test
    void shouldNotStoreTheMessageAgainWhenOnlyItsOpRecordFailed() {
        SendResult sent = bed.sendHalf("half done");
        bed.txStore.refusePutsTo(SystemTopics.TRANSACTION_OP::equals);

        assertThrows(CompletionException.class, () -> bed.tx.end(GROUP, sent.commitLogOffset(), COMMIT, false).join());
        assertEquals(List.of("half done"), bed.visibleBodies(), "the message is out; only its record is missing");

        bed.txStore.refusePutsTo(topic -> false);
        bed.end(sent, ROLLBACK);
        bed.end(sent, COMMIT);
        assertEquals(List.of("half done"), bed.visibleBodies());
        assertEquals(List.of(), bed.pending());
    }
}
