package io.capsulemq.rar.outbound;

import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.client.gateway.PullOutcome;
import io.capsulemq.client.gateway.SubscriptionSpec;
import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.remote.RemoteEndpoint;
import io.capsulemq.client.remote.RemoteGateway;
import io.capsulemq.rar.AdapterSettings;
import io.capsulemq.rar.ListenerProperties;
import io.capsulemq.rar.RemoteBroker;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The remote mode's transaction branches against a real broker a subclass starts (its own processes, quick
 * check-backs), the transaction manager played here: a branch prepared before a restart is recovered from the
 * branch log and committed or rolled back; the broker's check-backs are answered from the log and the running
 * transactions.
 */
abstract class RemoteXaScenarios {
    private static final CapsuleClientServiceProvider API = new CapsuleClientServiceProvider();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String nameServers;
    private static AutoCloseable brokers;
    private static RemoteGateway reader;

    @TempDir
    Path dir;
    private RemoteBroker remote;
    private Outbound outbound;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<String> sentIds = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Object[] p = record.getParameters();
            logged.add(p == null ? record.getMessage()
                    : java.text.MessageFormat.format(record.getMessage().replace("'", "''"), p));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Broker settings (the same names for both) making check-backs come about a second after a half is due. */
    static final Map<String, String> QUICK_CHECK_SETTINGS = Map.of("transactionCheckInterval", "1000",
            "transactionTimeOut", "1000");

    /** The started brokers: their NameServer addresses, and how to stop them. */
    record Brokers(String nameServers, AutoCloseable stop) {
    }

    static void started(Brokers started) {
        nameServers = started.nameServers();
        brokers = started.stop();
        reader = RemoteGateway.connect(RemoteEndpoint.parse(nameServers));
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        try {
            if (reader != null) {
                reader.close();
            }
        } finally {
            if (brokers != null) {
                brokers.close();
            }
            reader = null;
            brokers = null;
        }
    }

    @BeforeEach
    void start() {
        Logger logger = Logger.getLogger(RemoteHalves.class.getName());
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        open();
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger(RemoteHalves.class.getName()).removeHandler(capture);
        close();
    }

    private void open() {
        AdapterSettings settings = AdapterSettings.of("remote", dir.toString(), "", "", ListenerProperties.NONE,
                nameServers, "", "");
        remote = RemoteBroker.connect(settings);
        outbound = Outbound.start(remote, dir.resolve("xa-branches"));
    }

    private void close() throws Exception {
        if (outbound != null) {
            outbound.close();
            outbound = null;
        }
        if (remote != null) {
            remote.close();
            remote = null;
        }
    }

    /** The server stops (or dies) and starts again over the same folder. */
    private void restart() throws Exception {
        close();
        open();
    }

    @Test
    void shouldCommitABranchPreparedBeforeARestartFromItsBranchLog() throws Exception {
        String topic = topic();
        Xid xid = xid();
        XAResource xa = sendInBranch(xid, topic, "first", "second");
        assertEquals(XAResource.XA_OK, xa.prepare(xid));
        assertEquals(2, branchRecords(), "the prepared branch is logged");

        restart();
        XAResource recovered = new CapsuleManagedConnection(outbound).getXAResource();
        List<Xid> found = List.of(recovered.recover(XAResource.TMSTARTRSCAN));
        assertEquals(1, found.size(), found.toString());
        assertArrayEquals(xid.getGlobalTransactionId(), found.get(0).getGlobalTransactionId());
        assertEquals(List.of(), bodies(topic, 0), "prepared, not yet visible");

        recovered.commit(found.get(0), false);
        assertEquals(List.of("first", "second"), bodies(topic, 2));
        assertEquals(0, recovered.recover(XAResource.TMSTARTRSCAN).length);
        assertEquals(1, branchRecords(), "only the adapter's id is left");
    }

    @Test
    void shouldRollBackABranchPreparedBeforeARestart() throws Exception {
        String topic = topic();
        Xid xid = xid();
        sendInBranch(xid, topic, "doomed").prepare(xid);

        restart();
        XAResource recovered = new CapsuleManagedConnection(outbound).getXAResource();
        recovered.rollback(recovered.recover(XAResource.TMSTARTRSCAN)[0]);
        send(topic, "marker");
        assertEquals(List.of("marker"), bodies(topic, 1));
        assertEquals(1, branchRecords());
    }

    @Test
    void shouldAnswerCheckBacksUnknownWhileABranchRunsOrIsPreparedThenCommitOnce() throws Exception {
        String topic = topic();
        Xid xid = xid();
        XAResource xa = sendInBranch(xid, topic, "running");
        String id = sentIds.get(0);
        awaitLogged(l -> l.equals("check-back of half message " + id + ": UNKNOWN"));
        assertEquals(List.of(), bodies(topic, 0));
        xa.prepare(xid);
        int checks = count(id);
        awaitLogged(l -> count(id) > checks);
        assertTrue(logged.stream().filter(l -> l.contains(id)).allMatch(l -> l.endsWith(": UNKNOWN")),
                logged.toString());

        xa.commit(xid, false);
        assertEquals(List.of("running"), bodies(topic, 1));
        Thread.sleep(3_000); // a few check intervals: nothing more is asked, nothing more appears
        assertEquals(List.of("running"), bodies(topic, 1));
    }

    @Test
    void shouldAnswerRollbackForHalvesOfATransactionACrashEndedBeforePrepare() throws Exception {
        String topic = topic();
        sendInBranch(xid(), topic, "orphan");
        String id = sentIds.get(0);
        restart(); // the branch was never prepared: nothing of it is logged
        awaitLogged(l -> l.equals("check-back of half message " + id + ": ROLLBACK"));
        send(topic, "marker");
        assertEquals(List.of("marker"), bodies(topic, 1));
    }

    @Test
    void shouldFinishACommitAnEarlierRunLoggedButDidNotEnd() throws Exception {
        String topic = topic();
        Xid xid = xid();
        sendInBranch(xid, topic, "decided").prepare(xid);
        BranchLog log = BranchLog.open(dir.resolve("xa-branches"));
        BranchRecord record = log.all().values().iterator().next();
        log.write(record.committing()); // as if the server died between logging the commit and ending the halves

        restart();
        assertEquals(List.of("decided"), bodies(topic, 1));
        assertEquals(0, new CapsuleManagedConnection(outbound).getXAResource().recover(XAResource.TMSTARTRSCAN).length);
    }

    private XAResource sendInBranch(Xid xid, String topic, String... bodies) throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        Producer producer = (Producer) c.getConnection(null, null);
        XAResource xa = c.getXAResource();
        xa.start(xid, XAResource.TMNOFLAGS);
        for (String body : bodies) {
            sentIds.add(producer.send(message(topic, body)).getMessageId().toString());
        }
        xa.end(xid, XAResource.TMSUCCESS);
        return xa;
    }

    private void send(String topic, String body) throws Exception {
        CapsuleManagedConnection c = new CapsuleManagedConnection(outbound);
        ((Producer) c.getConnection(null, null)).send(message(topic, body));
    }

    private static Message message(String topic, String body) {
        return API.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String topic() {
        return "remote-xa-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private int branchRecords() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("xa-branches"))) {
            return (int) files.count();
        }
    }

    private int count(String messageId) {
        return (int) logged.stream().filter(l -> l.contains(messageId)).count();
    }

    /** Waits until the adapter has logged a line like this. */
    private void awaitLogged(Predicate<String> line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logged.stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not logged within " + WAIT + ": " + logged);
    }

    /** The topic's bodies in store order, once there are at least {@code expected} (or after the wait). */
    private static List<String> bodies(String topic, int expected) throws Exception {
        long deadline = System.nanoTime() + (expected == 0 ? Duration.ofSeconds(1) : WAIT).toNanos();
        List<String> found = read(topic);
        while (found.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = read(topic);
        }
        return found;
    }

    private static List<String> read(String topic) throws Exception {
        TopicRoute route;
        try {
            route = reader.route(topic);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<long[]> order = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int q = 0; q < route.readQueueNums(); q++) {
            PullOutcome pulled = reader.pull("reader", SubscriptionSpec.all(topic), q, 0, 64, Duration.ZERO)
                    .get(10, TimeUnit.SECONDS);
            pulled.messages().forEach(m -> {
                order.add(new long[]{m.commitLogOffset(), all.size()});
                all.add(new String(m.body(), StandardCharsets.UTF_8));
            });
        }
        order.sort(Comparator.comparingLong(o -> o[0]));
        return order.stream().map(o -> all.get((int) o[1])).toList();
    }

    private static Xid xid() {
        byte[] gtrid = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        return new XidValue(4660, gtrid, new byte[]{1});
    }
}
