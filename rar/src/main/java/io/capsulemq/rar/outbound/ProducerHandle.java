package io.capsulemq.rar.outbound;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;

import java.util.concurrent.CompletableFuture;

/**
 * The producer an application holds: sends go through the pooled connection it is on now (the server may move it
 * to another), inside that connection's transaction branch if it has one. Closing it returns the connection to the
 * pool; the adapter's broker and native producer stay.
 */
public final class ProducerHandle implements Producer {
    private volatile CapsuleManagedConnection connection;
    private volatile boolean closed;

    ProducerHandle(CapsuleManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public SendReceipt send(Message message) throws ClientException {
        return live().send(message);
    }

    @Override
    public CompletableFuture<SendReceipt> sendAsync(Message message) {
        try {
            return live().sendAsync(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The native API's own transaction, apart from JTA: the application commits or rolls it back. */
    @Override
    public SendReceipt send(Message message, Transaction transaction) throws ClientException {
        return live().nativeProducer().send(message, transaction);
    }

    /** Begins a native transaction, apart from JTA (one message, ended by the application). */
    @Override
    public Transaction beginTransaction() throws ClientException {
        return live().nativeProducer().beginTransaction();
    }

    /** Gives the producer back to the server's pool; it cannot send afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.closed(this);
    }

    void reassociate(CapsuleManagedConnection to) {
        CapsuleManagedConnection from = connection;
        if (from != to) {
            from.release(this);
            connection = to;
            to.adopt(this);
        }
    }

    /** The connection was cleaned up by the server: this handle is no longer usable. */
    void invalidate() {
        closed = true;
    }

    private CapsuleManagedConnection live() {
        if (closed) {
            throw new IllegalStateException("producer is closed; take a new one from the CapsuleProducerFactory");
        }
        return connection;
    }

    @Override
    public String toString() {
        return "Capsule MQ producer handle" + (closed ? " (closed)" : "");
    }
}
