package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.transaction.HalfMessages;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.rar.EmbeddedBroker;
import io.capsulemq.rar.TestBrokers;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer side's transaction branches against a real embedded broker, the transaction manager played here. */
class XaBranchTest {
    private static final AtomicInteger GTRIDS = new AtomicInteger();
    private static final CapsuleClientServiceProvider API = new CapsuleClientServiceProvider();

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private Outbound outbound;

    @BeforeEach
    void start() {
        broker = TestBrokers.start(dir, "xa-test");
        outbound = Outbound.start(broker);
    }

    @AfterEach
    void stop() throws Exception {
        if (outbound != null) {
            outbound.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void restart() throws Exception {
        outbound.close();
        broker.close();
        broker = TestBrokers.start(dir, "xa-test");
        outbound = Outbound.start(broker);
    }

    @Test
    void shouldKeepABranchsSendsInvisibleUntilItCommits() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        XAResource xa = c.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        for (int i = 0; i < 3; i++) {
            producer.send(message("orders", "m" + i));
        }
        xa.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertEquals(List.of(), bodies("orders"));
        xa.commit(xid, false);
        assertEquals(List.of("m0", "m1", "m2"), bodies("orders"));
    }

    @Test
    void shouldDiscardABranchsSendsOnRollback() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        producer.send(message("orders", "gone"));
        c.getXAResource().end(xid, XAResource.TMSUCCESS);
        c.getXAResource().prepare(xid);
        c.getXAResource().rollback(xid);
        producer.send(message("orders", "after"));
        assertEquals(List.of("after"), bodies("orders"));
        assertEquals(0, outbound.halves().pendingByMark().size());
    }

    @Test
    void shouldCommitInOnePhaseWithoutPrepare() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        producer.send(message("orders", "one"));
        c.getXAResource().end(xid, XAResource.TMSUCCESS);
        c.getXAResource().commit(xid, true);
        assertEquals(List.of("one"), bodies("orders"));
    }

    @Test
    void shouldAnswerReadOnlyForABranchThatSentNothing() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        c.getXAResource().end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, c.getXAResource().prepare(xid));
        XAException e = assertThrows(XAException.class, () -> c.getXAResource().commit(xid, false));
        assertEquals(XAException.XAER_NOTA, e.errorCode);
    }

    @Test
    void shouldVoteRollbackForABranchEndedWithFailure() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        producer.send(message("orders", "doomed"));
        c.getXAResource().end(xid, XAResource.TMFAIL);
        XAException e = assertThrows(XAException.class, () -> c.getXAResource().prepare(xid));
        assertEquals(XAException.XA_RBROLLBACK, e.errorCode);
        assertEquals(List.of(), bodies("orders"));
        assertEquals(0, outbound.halves().pendingByMark().size());
    }

    @Test
    void shouldSendAtOnceOutsideATransaction() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        producer.send(message("orders", "now"));
        assertEquals(List.of("now"), bodies("orders"));
    }

    @Test
    void shouldDeliverTagKeysAndPropertiesOfACommittedMessageWithoutTheBranchMark() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        producer.send(API.newMessageBuilder().setTopic("orders").setBody("x".getBytes(StandardCharsets.UTF_8))
                .setTag("created").setKeys("k1", "k2").addProperty("region", "eu").build());
        c.getXAResource().end(xid, XAResource.TMSUCCESS);
        c.getXAResource().commit(xid, true);
        StoredMessage m = stored("orders").get(0);
        assertEquals("created", m.property("TAGS"));
        assertEquals("k1 k2", m.property("KEYS"));
        assertEquals("eu", m.property("region"));
        assertNull(m.property(HalfMessages.XA_BRANCH));
    }

    @Test
    void shouldRefuseATimedMessageInsideATransaction() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        Message timed = API.newMessageBuilder().setTopic("orders").setBody(new byte[1])
                .setDeliveryTimestamp(System.currentTimeMillis() + 60_000).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> producer.send(timed));
        assertTrue(e.getMessage().contains("delivery timestamp"), e.getMessage());
    }

    @Test
    void shouldJoinOneBranchFromTwoConnectionsOfTheAdapter() throws Exception {
        CapsuleManagedConnection first = new CapsuleManagedConnection(outbound);
        CapsuleManagedConnection second = new CapsuleManagedConnection(outbound);
        assertTrue(first.getXAResource().isSameRM(second.getXAResource()));
        Xid xid = xid();
        first.getXAResource().start(xid, XAResource.TMNOFLAGS);
        ((Producer) first.getConnection(null, null)).send(message("orders", "a"));
        second.getXAResource().start(xid, XAResource.TMJOIN);
        ((Producer) second.getConnection(null, null)).send(message("orders", "b"));
        first.getXAResource().end(xid, XAResource.TMSUCCESS);
        second.getXAResource().end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, second.getXAResource().prepare(xid));
        first.getXAResource().commit(xid, false);
        assertEquals(List.of("a", "b"), bodies("orders"));
    }

    @Test
    void shouldRecoverAPreparedBranchAfterARestartAndCommitItOnce() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        producer.send(message("orders", "p1"));
        producer.send(message("orders", "p2"));
        c.getXAResource().end(xid, XAResource.TMSUCCESS);
        c.getXAResource().prepare(xid);

        restart();
        XAResource recovering = new CapsuleManagedConnection(outbound).getXAResource();
        Xid[] inDoubt = recovering.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertEquals(1, inDoubt.length);
        assertEquals(xid.getFormatId(), inDoubt[0].getFormatId());
        assertArrayEquals(xid.getGlobalTransactionId(), inDoubt[0].getGlobalTransactionId());
        assertArrayEquals(xid.getBranchQualifier(), inDoubt[0].getBranchQualifier());
        assertEquals(List.of(), bodies("orders"));

        recovering.commit(inDoubt[0], false);
        assertEquals(List.of("p1", "p2"), bodies("orders"));
        assertEquals(0, recovering.recover(XAResource.TMSTARTRSCAN).length);
        XAException again = assertThrows(XAException.class, () -> recovering.commit(inDoubt[0], false));
        assertEquals(XAException.XAER_NOTA, again.errorCode);
        assertEquals(List.of("p1", "p2"), bodies("orders"));
    }

    @Test
    void shouldRollBackARecoveredBranchTheTransactionManagerDoesNotKnow() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Xid xid = xid();
        c.getXAResource().start(xid, XAResource.TMNOFLAGS);
        ((Producer) c.getConnection(null, null)).send(message("orders", "orphan"));

        restart();
        XAResource recovering = new CapsuleManagedConnection(outbound).getXAResource();
        Xid[] found = recovering.recover(XAResource.TMSTARTRSCAN);
        assertEquals(1, found.length);
        recovering.rollback(found[0]);
        assertEquals(0, recovering.recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(List.of(), bodies("orders"));
    }

    @Test
    void shouldNotReportBranchesUnderWayAsInDoubt() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Xid active = xid();
        c.getXAResource().start(active, XAResource.TMNOFLAGS);
        ((Producer) c.getConnection(null, null)).send(message("orders", "busy"));
        assertEquals(0, c.getXAResource().recover(XAResource.TMSTARTRSCAN).length);
    }

    @Test
    void shouldCommitALocalTransactionsSendsTogether() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        c.getLocalTransaction().begin();
        producer.send(message("orders", "l1"));
        producer.send(message("orders", "l2"));
        assertEquals(List.of(), bodies("orders"));
        c.getLocalTransaction().commit();
        c.getLocalTransaction().begin();
        producer.send(message("orders", "l3"));
        c.getLocalTransaction().rollback();
        assertEquals(List.of("l1", "l2"), bodies("orders"));
    }

    @Test
    void shouldRollBackALocalTransactionLeftOpenByAnEarlierRun() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        c.getLocalTransaction().begin();
        ((Producer) c.getConnection(null, null)).send(message("orders", "left"));
        assertEquals(1, outbound.halves().pendingByMark().size());
        restart();
        assertEquals(0, outbound.halves().pendingByMark().size());
        assertEquals(List.of(), bodies("orders"));
    }

    @Test
    void shouldRefuseSendsThroughAClosedProducer() throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        producer.close();
        assertThrows(IllegalStateException.class, () -> producer.send(message("orders", "late")));
    }

    private static Message message(String topic, String body) {
        return API.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private List<StoredMessage> stored(String topic) {
        Broker b = broker.broker();
        assertTrue(b.store().awaitDispatched(Duration.ofSeconds(10)));
        List<StoredMessage> all = new ArrayList<>();
        int queues = b.topics().find(topic).map(t -> t.readQueueNums()).orElse(0);
        for (int q = 0; q < queues; q++) {
            all.addAll(b.store().get(topic, q, 0, 1000, MessageFilter.ALL).messages());
        }
        all.sort((x, y) -> Long.compare(x.commitLogOffset(), y.commitLogOffset()));
        return all;
    }

    private List<String> bodies(String topic) {
        return stored(topic).stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
    }

    private static Xid xid() {
        byte[] gtrid = ("gtrid-" + GTRIDS.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        return new Xid() {
            @Override
            public int getFormatId() {
                return 4660;
            }

            @Override
            public byte[] getGlobalTransactionId() {
                return gtrid.clone();
            }

            @Override
            public byte[] getBranchQualifier() {
                return Arrays.copyOf(new byte[]{1, 2}, 2);
            }
        };
    }

    @Test
    void shouldReadBackAnXidFromItsText() {
        XidValue x = new XidValue(7, new byte[]{1, 2, 3}, new byte[]{(byte) 0xff});
        assertEquals(x, XidValue.parse(x.text()).orElseThrow());
        assertFalse(XidValue.parse("local:123").isPresent());
        assertFalse(XidValue.parse("1:zz:00").isPresent());
    }
}
