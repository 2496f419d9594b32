package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.transaction.HalfMessages;
import io.capsulemq.broker.engine.transaction.PendingHalf;
import io.capsulemq.broker.engine.transaction.TransactionResolution;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.MessageSysFlag;
import io.capsulemq.client.message.MessageIdGenerator;
import io.capsulemq.client.message.SystemProperties;
import io.capsulemq.rar.AdapterTopics;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The branches' half messages in the embedded broker: stored through the engine's send service as transactional
 * messages of the adapter's own producer group, ended through its transaction service, forced to disk on
 * prepare, and found again by the branch mark each one carries.
 *
 * <p>No producer of {@link #PRODUCER_GROUP} ever registers with the broker, so the broker never checks these
 * halves back nor rolls them back for want of an answer: the transaction manager alone ends them (after a crash,
 * through {@code recover}).
 */
final class HalfLog implements HalfStore {
    /** The producer group of every half the adapter stores. */
    static final String PRODUCER_GROUP = "CAPSULE_XA";
    /** Marks local transactions' halves; an XA branch's halves carry its Xid. */
    static final String LOCAL_MARK_PREFIX = "local:";
    /** The broker first mentions a half nobody answers for after this long (an in-doubt branch worth a look). */
    private static final String CHECK_IMMUNITY_SECONDS = "3600";
    private static final System.Logger LOG = System.getLogger(HalfLog.class.getName());
    private static final long WAIT_SECONDS = 30;
    private static final java.time.Duration DISPATCH_WAIT = java.time.Duration.ofSeconds(WAIT_SECONDS);
    private static final InetSocketAddress BORN_HOST = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final Broker broker;
    private final AdapterTopics topics;
    private final AtomicInteger turn = new AtomicInteger();

    HalfLog(Broker broker, AdapterTopics topics) {
        this.broker = broker;
        this.topics = topics;
    }

    @Override
    public Half send(Message message, String mark) throws ClientException {
        checkSendable(message);
        String topicName = message.getTopic();
        Map<String, String> properties = properties(message, mark);
        String uniqueId = properties.get(SystemProperties.UNIQUE_KEY);
        try {
            TopicConfig topic = topics.ensure(topicName).orElse(null);
            int queues = topic == null ? 1 : Math.max(1, topic.writeQueueNums());
            String group = message.getMessageGroup().orElse(null);
            // The same queue for a message group as the native producer picks, so FIFO order holds across both.
            int queue = group != null ? Math.floorMod(group.hashCode(), queues)
                    : Math.floorMod(turn.getAndIncrement(), queues);
            MessageToStore half = MessageToStore.builder(topicName, queue).body(body(message))
                    .properties(properties).bornTimestamp(System.currentTimeMillis()).bornHost(BORN_HOST)
                    .sysFlag(MessageSysFlag.withTransactionType(0, MessageSysFlag.TRANSACTION_PREPARED_TYPE))
                    .build();
            SendResult result = await(broker.sender().send(half), "store a half message in " + topicName);
            return new Half(result.commitLogOffset(), uniqueId, topicName);
        } catch (BrokerException e) {
            throw new ClientException("half message to " + topicName + " refused: " + e.getMessage(), e);
        }
    }

    /** Refuses what cannot be a half message: no message, or one with a delivery timestamp. */
    static void checkSendable(Message message) {
        if (message == null) {
            throw new IllegalArgumentException("message should not be null");
        }
        if (message.getDeliveryTimestamp().isPresent()) {
            throw new IllegalArgumentException("a message with a delivery timestamp cannot be sent inside a "
                    + "transaction (the broker makes a transactional message visible when the transaction "
                    + "commits); send it outside the JTA transaction, e.g. from a NOT_SUPPORTED method");
        }
    }

    /** The half's properties: the message's own and system ones, marked prepared, of the adapter's group. */
    static Map<String, String> properties(Message message, String mark) {
        Map<String, String> properties = new HashMap<>();
        message.getProperties().forEach((k, v) -> {
            if (SystemProperties.isSystem(k) || HalfMessages.XA_BRANCH.equals(k)) {
                throw new IllegalArgumentException("property " + k + " is reserved by RocketMQ");
            }
            properties.put(k, v);
        });
        message.getTag().ifPresent(tag -> properties.put(SystemProperties.TAGS, tag));
        if (!message.getKeys().isEmpty()) {
            properties.put(SystemProperties.KEYS, String.join(SystemProperties.KEY_SEPARATOR, message.getKeys()));
        }
        message.getMessageGroup().ifPresent(g -> properties.put(SystemProperties.MESSAGE_GROUP, g));
        properties.put(SystemProperties.UNIQUE_KEY, MessageIdGenerator.instance().next());
        properties.put(MessageProperties.TRANSACTION_PREPARED, "true");
        properties.put(MessageProperties.PRODUCER_GROUP, PRODUCER_GROUP);
        properties.put(HalfMessages.XA_BRANCH, mark);
        properties.put(HalfMessages.CHECK_IMMUNITY_SECONDS, CHECK_IMMUNITY_SECONDS);
        return properties;
    }

    static byte[] body(Message message) {
        ByteBuffer buffer = message.getBody();
        if (buffer == null) {
            throw new IllegalArgumentException("body should not be null");
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    @Override
    public void prepare(String mark, List<Half> halves) throws ClientException {
        force();
    }

    @Override
    public void end(String mark, List<Half> halves, TransactionResolution resolution) throws ClientException {
        end(halves, resolution);
    }

    /** Ends the halves in order (committed ones become visible in that order); stops at the first failure. */
    void end(List<Half> halves, TransactionResolution resolution) throws ClientException {
        for (Half half : halves) {
            try {
                await(broker.transactions().end(PRODUCER_GROUP, half.commitLogOffset(), resolution, false),
                        resolution + " the half message " + half.messageId());
            } catch (BrokerException e) {
                throw new ClientException("could not " + resolution + " half message " + half.messageId() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Makes every half stored so far survive a crash: with asynchronous flush the log is forced now. */
    void force() throws ClientException {
        if (broker.config().store().flushMode() == FlushMode.SYNC) {
            return;
        }
        if (!(broker.store() instanceof DefaultMessageStore store)) {
            throw new ClientException("the broker's store cannot be forced to disk");
        }
        try {
            store.writeCheckpoint(false);
        } catch (IOException e) {
            throw new ClientException("could not force the half messages to disk: " + e.getMessage(), e);
        }
    }

    /**
     * The adapter's halves the broker still holds, by branch mark, each branch's in store order (halves are listed
     * through the half queue, so what was stored is first made readable there).
     */
    @Override
    public Map<String, List<Half>> pendingByMark() {
        if (!broker.store().awaitDispatched(DISPATCH_WAIT)) {
            LOG.log(System.Logger.Level.WARNING, "the broker did not show every half message within {0} s; listing "
                    + "those it shows", DISPATCH_WAIT.toSeconds());
        }
        Map<String, List<Half>> byMark = new LinkedHashMap<>();
        for (PendingHalf pending : broker.transactions().pending(Integer.MAX_VALUE)) {
            if (!PRODUCER_GROUP.equals(pending.producerGroup())) {
                continue;
            }
            StoredMessage half = broker.store().lookAt(pending.halfCommitLogOffset()).orElse(null);
            String mark = half == null ? null : half.property(HalfMessages.XA_BRANCH);
            if (mark != null) {
                byMark.computeIfAbsent(mark, m -> new ArrayList<>())
                        .add(new Half(pending.halfCommitLogOffset(), pending.messageId(), pending.topic()));
            }
        }
        return byMark;
    }

    private static <T> T await(Future<T> future, String what) throws ClientException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting to " + what, e);
        } catch (TimeoutException e) {
            throw new ClientException("the broker did not " + what + " within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof BrokerException b) {
                throw b;
            }
            throw new ClientException("could not " + what + ": " + cause.getMessage(), cause);
        }
    }

    /** The halves are the broker's; the broker closes with the adapter. */
    @Override
    public void close() {
    }
}
