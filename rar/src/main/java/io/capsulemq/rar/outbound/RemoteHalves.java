package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.transaction.HalfMessages;
import io.capsulemq.broker.engine.transaction.TransactionResolution;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.message.SystemProperties;
import io.capsulemq.client.remote.RemoteGateway;
import io.capsulemq.client.remote.SentHalf;
import io.capsulemq.client.support.ClientIds;
import io.capsulemq.rar.TopicSetup;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The branches' half messages in a remote broker (Capsule standalone or Apache RocketMQ): sent through the client's
 * network gateway as transactional messages of this adapter instance's own producer group, ended with
 * END_TRANSACTION. A remote broker cannot list pending halves by branch, so what ending a branch needs (each half's
 * broker, offsets and ids) is kept in a {@link BranchLog} from prepare until the branch has ended: {@code recover}
 * answers from it after a crash, and so does the broker's check-back ({@link CheckBackAnswers}), which reaches this
 * instance because its producer group (named by the log's durable adapter id) is its alone.
 *
 * <p>A branch is logged COMMITTING before its halves are committed; one a crash interrupted there is committed
 * again at the next start, before check-backs are answered (a half whose END_TRANSACTION had already reached the
 * broker may then be delivered twice: at least once, as RocketMQ's own check-back gives). A check-back about a
 * COMMITTING branch this run is not ending (its commit failed, and awaits the transaction manager's retry or the
 * next start) is answered COMMIT.
 */
final class RemoteHalves implements HalfStore, ClientListener {
    private static final System.Logger LOG = System.getLogger(RemoteHalves.class.getName());
    /** The producer group of an adapter instance's halves is this followed by its id. */
    static final String GROUP_PREFIX = "CAPSULE_XA_";
    private static final long WAIT_SECONDS = 30;
    private static final InetSocketAddress BORN_HOST = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final RemoteGateway gateway;
    private final TopicSetup topics;
    private final BranchLog log;
    private final String producerGroup;
    private final String clientId = ClientIds.next();
    /** This run's halves by unique id, until their branch ends. */
    private final Map<String, SentHalf> sent = new ConcurrentHashMap<>();
    /** Halves ended while the rest of their branch has not yet: a commit tried again must not end them twice. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final CheckBackAnswers answers;
    /** Branches this run is ending now: a check-back about them waits for the outcome (UNKNOWN). */
    private final Set<String> ending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile boolean active = true;

    private RemoteHalves(RemoteGateway gateway, TopicSetup topics, BranchLog log) {
        this.gateway = gateway;
        this.topics = topics;
        this.log = log;
        this.producerGroup = GROUP_PREFIX + log.adapterId();
        this.answers = new CheckBackAnswers(log, sent.keySet(), ending);
    }

    /**
     * Opens the branch log in {@code logDir}, finishes the commits a crash interrupted, then registers the
     * instance's producer group so that the brokers' check-backs reach it.
     */
    static RemoteHalves open(RemoteGateway gateway, TopicSetup topics, Path logDir) {
        RemoteHalves halves = new RemoteHalves(gateway, topics, BranchLog.open(logDir));
        halves.finishInterruptedCommits();
        gateway.registerProducer(halves.producerGroup, halves);
        LOG.log(System.Logger.Level.INFO, "XA half messages go to the remote brokers as producer group {0}; branch "
                + "log {1} holds {2} branches", halves.producerGroup, logDir, halves.log.all().size());
        return halves;
    }

    private void finishInterruptedCommits() {
        for (BranchRecord record : log.all().values()) {
            if (record.state() != BranchRecord.State.COMMITTING) {
                continue;
            }
            try {
                end(record.mark(), halvesOf(record), TransactionResolution.COMMIT);
                LOG.log(System.Logger.Level.INFO, "finished committing branch {0} ({1} half messages), interrupted "
                        + "by an earlier run''s end", record.mark(), record.halves().size());
            } catch (ClientException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not finish committing branch " + record.mark()
                        + "; its check-backs are answered COMMIT and the next start tries again", e);
            }
        }
    }

    String producerGroup() {
        return producerGroup;
    }

    @Override
    public Half send(Message message, String mark) throws ClientException {
        HalfLog.checkSendable(message);
        String topic = message.getTopic();
        topics.prepare(topic);
        Map<String, String> properties = new HashMap<>(HalfLog.properties(message, mark));
        // The branch is found through the log here, and RocketMQ would keep the mark on the committed message.
        properties.remove(HalfMessages.XA_BRANCH);
        properties.put(SystemProperties.PRODUCER_GROUP, producerGroup);
        // Apache RocketMQ refuses a producer's END_TRANSACTION once a half's own check immunity has passed (it then
        // waits for its check-back), which would fail a transaction manager's late commit: the broker's own
        // transaction timeout applies instead, and check-backs of running or prepared branches are answered UNKNOWN.
        properties.remove(HalfMessages.CHECK_IMMUNITY_SECONDS);
        int queues;
        try {
            queues = Math.max(1, gateway.route(topic).writeQueueNums());
        } catch (GatewayException e) {
            throw new ClientException("half message to " + topic + " refused: " + e.getMessage(), e);
        }
        String group = message.getMessageGroup().orElse(null);
        // The same queue for a message group as the native producer picks, so FIFO order holds across both.
        int queue = group != null ? Math.floorMod(group.hashCode(), queues) : Math.floorMod(turn.getAndIncrement(),
                queues);
        OutgoingMessage half = new OutgoingMessage(topic, queue, HalfLog.body(message), properties,
                System.currentTimeMillis(), BORN_HOST);
        SentHalf stored = await(gateway.sendHalf(half), "store a half message in " + topic);
        sent.put(stored.messageId(), stored);
        return new Half(stored.commitLogOffset(), stored.messageId(), topic);
    }

    @Override
    public void prepare(String mark, List<Half> halves) throws ClientException {
        List<SentHalf> refs = new ArrayList<>(halves.size());
        for (Half h : halves) {
            SentHalf ref = sent.get(h.messageId());
            if (ref == null) {
                throw new ClientException("half message " + h.messageId() + " of branch " + mark + " is not known "
                        + "to this adapter");
            }
            refs.add(ref);
        }
        try {
            log.write(new BranchRecord(mark, BranchRecord.State.PREPARED, refs));
        } catch (RuntimeException e) {
            throw new ClientException("could not log branch " + mark + " as prepared: " + e.getMessage(), e);
        }
    }

    @Override
    public void end(String mark, List<Half> halves, TransactionResolution resolution) throws ClientException {
        ending.add(mark);
        try {
            endHalves(mark, halves, resolution);
        } finally {
            ending.remove(mark);
        }
    }

    private void endHalves(String mark, List<Half> halves, TransactionResolution resolution) throws ClientException {
        BranchRecord record = log.get(mark).orElse(null);
        try {
            if (record != null && resolution == TransactionResolution.COMMIT
                    && record.state() == BranchRecord.State.PREPARED) {
                log.write(record.committing());
            }
        } catch (RuntimeException e) {
            throw new ClientException("could not log branch " + mark + " as committing: " + e.getMessage(), e);
        }
        Map<String, SentHalf> logged = new LinkedHashMap<>();
        if (record != null) {
            record.halves().forEach(h -> logged.put(h.messageId(), h));
        }
        for (Half h : halves) {
            String id = h.messageId();
            if (ended.contains(id)) {
                continue;
            }
            SentHalf ref = sent.getOrDefault(id, logged.get(id));
            if (ref == null) {
                throw new ClientException("half message " + id + " of branch " + mark + " is not known to this "
                        + "adapter; the broker decides it through its check-back");
            }
            await(gateway.endHalf(ref, wire(resolution)), resolution + " the half message " + id);
            ended.add(id);
        }
        for (Half h : halves) {
            sent.remove(h.messageId());
            ended.remove(h.messageId());
        }
        if (record != null) {
            try {
                log.remove(mark);
            } catch (RuntimeException e) {
                throw new ClientException("branch " + mark + " ended, but its record could not be removed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Branches logged prepared (or committing) by this run or an earlier one. */
    @Override
    public Map<String, List<Half>> pendingByMark() {
        Map<String, List<Half>> byMark = new LinkedHashMap<>();
        log.all().forEach((mark, record) -> byMark.put(mark, halvesOf(record)));
        return byMark;
    }

    private static List<Half> halvesOf(BranchRecord record) {
        return record.halves().stream().map(h -> new Half(h.commitLogOffset(), h.messageId(), h.topic())).toList();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    /** A broker asks how one of this instance's transactions ended: answered from the branch log (never blocks). */
    @Override
    public void checkTransaction(String group, DeliveredMessage half, String transactionId) {
        if (!producerGroup.equals(group)) {
            return;
        }
        String messageId = half.property(SystemProperties.UNIQUE_KEY) != null
                ? half.property(SystemProperties.UNIQUE_KEY) : transactionId;
        org.apache.rocketmq.client.apis.producer.TransactionResolution answer = answers.answer(messageId);
        LOG.log(answer == org.apache.rocketmq.client.apis.producer.TransactionResolution.UNKNOWN
                ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "check-back of half message {0}: {1}",
                messageId, answer);
        gateway.endTransaction(group, half.commitLogOffset(), answer, true).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "could not answer the check-back of half message {0}: {1}",
                        messageId, failure.getMessage());
            }
        });
    }

    /** Stops answering check-backs; prepared branches stay in the log for the transaction manager. */
    @Override
    public void close() {
        active = false;
        try {
            gateway.unregisterProducer(producerGroup, clientId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unregistering producer group {0}: {1}", producerGroup,
                    e.getMessage());
        }
    }

    private static org.apache.rocketmq.client.apis.producer.TransactionResolution wire(TransactionResolution r) {
        return r == TransactionResolution.COMMIT ? org.apache.rocketmq.client.apis.producer.TransactionResolution.COMMIT
                : org.apache.rocketmq.client.apis.producer.TransactionResolution.ROLLBACK;
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws ClientException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting to " + what, e);
        } catch (TimeoutException e) {
            throw new ClientException("the remote broker did not " + what + " within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ClientException("could not " + what + ": " + cause.getMessage(), cause);
        }
    }
}
