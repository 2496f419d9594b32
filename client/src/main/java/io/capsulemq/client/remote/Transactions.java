package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an END_TRANSACTION needs that the gateway's call does not carry: the broker holding the half message, its
 * offset in the broker's half queue, its ids. The gateway notes them when a half message is sent and when a broker
 * asks about one (a check names the copy it holds now, at another commit log offset), and finds them again by the
 * commit log offset the client ends the transaction with. Two brokers could hold half messages at the same offset:
 * the notes are kept per offset in arrival order, and a check is answered from the oldest check note of its
 * producer group (clients answer checks in the order they arrive). Notes not used within an hour are forgotten.
 */
final class Transactions {
    private static final System.Logger LOG = System.getLogger(Transactions.class.getName());
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int COMMIT_TYPE = 0x2 << 2;
    private static final int ROLLBACK_TYPE = 0x3 << 2;

    /** One half message as a broker holds it. */
    record Half(String brokerAddress, String producerGroup, String topic, long commitLogOffset,
                long tranStateTableOffset, String messageId, String transactionId, long notedAtMillis) {
    }

    private final Map<Long, Deque<Half>> sent = new ConcurrentHashMap<>();
    private final Map<Long, Deque<Half>> checked = new ConcurrentHashMap<>();
    private final Rpc rpc;

    Transactions(Rpc rpc) {
        this.rpc = rpc;
    }

    void sent(Half half) {
        note(sent, half);
    }

    void checked(Half half) {
        note(checked, half);
    }

    private static void note(Map<Long, Deque<Half>> table, Half half) {
        table.compute(half.commitLogOffset(), (offset, halves) -> {
            Deque<Half> notes = halves == null ? new ArrayDeque<>() : halves;
            notes.addLast(half);
            return notes;
        });
    }

    /** Ends a transaction; UNKNOWN sends nothing (the broker asks again later). */
    CompletableFuture<Void> end(String producerGroup, long commitLogOffset, TransactionResolution resolution,
                                boolean fromCheck) {
        Half half = take(fromCheck ? checked : sent, producerGroup, commitLogOffset);
        if (half == null) {
            return CompletableFuture.failedFuture(new GatewayException(Kind.NOT_FOUND, "no "
                    + (fromCheck ? "check of a " : "") + "half message of producer group " + producerGroup
                    + " at commit log offset " + commitLogOffset + " is known to this client"));
        }
        return end(half, resolution, fromCheck);
    }

    /** The note of a half just sent, taken out of the table: its caller ends it with {@code end(half, ...)}. */
    Half takeSent(String producerGroup, long commitLogOffset) {
        return take(sent, producerGroup, commitLogOffset);
    }

    /** Ends the transaction of a half known by its note; UNKNOWN sends nothing. */
    CompletableFuture<Void> end(Half half, TransactionResolution resolution, boolean fromCheck) {
        String producerGroup = half.producerGroup();
        if (resolution == TransactionResolution.UNKNOWN) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("topic", half.topic());
        fields.put("producerGroup", producerGroup);
        fields.put("tranStateTableOffset", half.tranStateTableOffset());
        fields.put("commitLogOffset", half.commitLogOffset());
        fields.put("commitOrRollback", resolution == TransactionResolution.COMMIT ? COMMIT_TYPE : ROLLBACK_TYPE);
        fields.put("fromTransactionCheck", fromCheck);
        fields.put("msgId", half.messageId());
        fields.put("transactionId", half.transactionId());
        RemotingCommand request = Requests.request(RequestCode.END_TRANSACTION, fields);
        return rpc.call(half.brokerAddress(), request, Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS))
                .thenApply(answer -> null);
    }

    private static Half take(Map<Long, Deque<Half>> table, String producerGroup, long commitLogOffset) {
        Half[] taken = new Half[1];
        table.computeIfPresent(commitLogOffset, (offset, notes) -> {
            for (var it = notes.iterator(); it.hasNext(); ) {
                Half half = it.next();
                if (half.producerGroup().equals(producerGroup)) {
                    it.remove();
                    taken[0] = half;
                    break;
                }
            }
            return notes.isEmpty() ? null : notes;
        });
        return taken[0];
    }

    /** Forgets notes older than {@link #FORGET_AFTER}. */
    void forgetOld() {
        long limit = System.currentTimeMillis() - FORGET_AFTER.toMillis();
        for (Map<Long, Deque<Half>> table : List.of(sent, checked)) {
            for (Long offset : table.keySet()) {
                table.computeIfPresent(offset, (key, notes) -> {
                    notes.removeIf(h -> h.notedAtMillis() < limit);
                    return notes.isEmpty() ? null : notes;
                });
            }
        }
        LOG.log(System.Logger.Level.TRACE, "transaction notes: {0} sent, {1} checked", sent.size(), checked.size());
    }
}
