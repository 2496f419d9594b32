package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.transaction.TransactionResolution;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;

import java.util.List;
import java.util.Map;

/**
 * Where the transaction branches' half messages live and how they end: in the embedded broker ({@link HalfLog}),
 * or in a remote one ({@link RemoteHalves}), which cannot be asked for pending halves by branch and so keeps a
 * branch log of its own.
 */
interface HalfStore extends AutoCloseable {
    /** Stores {@code message} as a half of the branch marked {@code mark}; refusals name what was wrong. */
    Half send(Message message, String mark) throws ClientException;

    /** Makes the branch's halves, and what is needed to end them, survive a crash before XA_OK is answered. */
    void prepare(String mark, List<Half> halves) throws ClientException;

    /** Ends the branch's halves in order (committed ones become visible in that order); stops at the first failure. */
    void end(String mark, List<Half> halves, TransactionResolution resolution) throws ClientException;

    /** The branches an earlier run left prepared (or, embedded, merely started), by mark, each in send order. */
    Map<String, List<Half>> pendingByMark();

    @Override
    void close();
}
