package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.transaction.TransactionResolution;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pooled connection: the producer handles the server gave out on it, and the transaction branch it is
 * associated with now (by its XA resource or its local transaction). Its handles' sends go into that branch as
 * half messages; with no branch, straight to the broker. Connections hold no thread or socket of their own (the
 * adapter's native producer and broker are shared), so pooling them is cheap.
 */
final class CapsuleManagedConnection implements ManagedConnection {
    private static final System.Logger LOG = System.getLogger(CapsuleManagedConnection.class.getName());

    private final Outbound outbound;
    private final Set<ProducerHandle> handles = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final BranchXAResource xaResource;
    private volatile Branch branch;
    private volatile PrintWriter logWriter;

    CapsuleManagedConnection(Outbound outbound) {
        this.outbound = outbound;
        this.xaResource = new BranchXAResource(this, outbound);
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        ProducerHandle handle = new ProducerHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ProducerHandle handle)) {
            throw new ResourceException("not a Capsule MQ producer handle: " + connection);
        }
        handle.reassociate(this);
    }

    void adopt(ProducerHandle handle) {
        handles.add(handle);
    }

    void release(ProducerHandle handle) {
        handles.remove(handle);
    }

    /** The application closed a handle: the server may put the connection back in its pool. */
    void closed(ProducerHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(event);
        }
    }

    SendReceipt send(Message message) throws ClientException {
        Branch b = branch;
        if (b == null) {
            return outbound.producer().send(ensured(message));
        }
        if (b.state() != Branch.State.ACTIVE) {
            throw new IllegalStateException("the transaction of this producer can only roll back now (" + b + ")");
        }
        Half half = outbound.halves().send(message, b.mark());
        b.add(half);
        return new HalfReceipt(half.messageId());
    }

    CompletableFuture<SendReceipt> sendAsync(Message message) {
        try {
            if (branch != null) {
                return CompletableFuture.completedFuture(send(message));
            }
            return outbound.producer().sendAsync(ensured(message));
        } catch (ClientException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Message ensured(Message message) {
        if (message != null) {
            outbound.topics().prepare(message.getTopic());
        }
        return message;
    }

    Producer nativeProducer() throws ClientException {
        return outbound.producer();
    }

    Branch branch() {
        return branch;
    }

    void associate(Branch b) {
        branch = b;
    }

    void dissociate() {
        branch = null;
    }

    Outbound outbound() {
        return outbound;
    }

    /** Handles given out before are closed; a transaction under way is left to its end. */
    @Override
    public void cleanup() {
        for (ProducerHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
        Branch b = branch;
        if (b != null && b.xid() == null) {
            LOG.log(System.Logger.Level.WARNING, "connection destroyed inside a local transaction; rolling it back");
            try {
                outbound.halves().end(b.mark(), b.halves(), TransactionResolution.ROLLBACK);
            } catch (ClientException e) {
                LOG.log(System.Logger.Level.WARNING, "could not roll back the local transaction", e);
            }
        }
        branch = null;
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return new BranchLocalTransaction(this);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ConnectionMetaData();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
