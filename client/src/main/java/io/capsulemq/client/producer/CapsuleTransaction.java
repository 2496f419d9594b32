package io.capsulemq.client.producer;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

/**
 * A transaction of one producer, holding one half message as the RocketMQ 5 client's does. Commit or roll back
 * once; a transaction left open is resolved by the broker's check-back to the producer's checker.
 */
final class CapsuleTransaction implements Transaction {
    /** The half message sent in a transaction, ended by its commit log offset. */
    record Half(String producerGroup, long commitLogOffset, String messageId) {
    }

    private enum State { OPEN, SENDING, SENT, COMMITTED, ROLLED_BACK }

    private final CapsuleProducer producer;
    private State state = State.OPEN;
    private Half half;

    CapsuleTransaction(CapsuleProducer producer) {
        this.producer = producer;
    }

    boolean belongsTo(CapsuleProducer p) {
        return producer == p;
    }

    /** Claims the transaction's one message slot before its half message is sent. */
    synchronized void reserve() {
        if (state != State.OPEN) {
            throw new IllegalArgumentException(state == State.SENDING || state == State.SENT
                    ? "a transaction holds one message and this one has one already"
                    : "the transaction was already " + (state == State.COMMITTED ? "committed" : "rolled back"));
        }
        state = State.SENDING;
    }

    synchronized void sent(Half sentHalf) {
        this.half = sentHalf;
        this.state = State.SENT;
    }

    /** The half message's send failed: the slot is free again. */
    synchronized void unreserve() {
        if (state == State.SENDING) {
            state = State.OPEN;
        }
    }

    @Override
    public void commit() throws ClientException {
        end(TransactionResolution.COMMIT);
    }

    @Override
    public void rollback() throws ClientException {
        end(TransactionResolution.ROLLBACK);
    }

    private synchronized void end(TransactionResolution resolution) throws ClientException {
        if (state == State.COMMITTED || state == State.ROLLED_BACK) {
            throw new IllegalStateException("the transaction was already "
                    + (state == State.COMMITTED ? "committed" : "rolled back"));
        }
        if (state != State.SENT) {
            throw new IllegalStateException("no message has been sent in this transaction yet");
        }
        producer.endTransaction(half, resolution);
        state = resolution == TransactionResolution.COMMIT ? State.COMMITTED : State.ROLLED_BACK;
    }
}
