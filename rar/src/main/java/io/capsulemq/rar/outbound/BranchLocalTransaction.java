package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.transaction.TransactionResolution;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;
import org.apache.rocketmq.client.apis.ClientException;

import java.util.UUID;

/**
 * A connection's local transaction, for a pool configured with LocalTransaction support: the same half messages as
 * an XA branch, ended in one phase. Halves of a local transaction a crash left open are rolled back when the
 * adapter next starts.
 */
final class BranchLocalTransaction implements LocalTransaction {
    private final CapsuleManagedConnection connection;

    BranchLocalTransaction(CapsuleManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public void begin() throws LocalTransactionException {
        if (connection.branch() != null) {
            throw new LocalTransactionException("a transaction is under way on this connection already");
        }
        connection.associate(new Branch(null, HalfLog.LOCAL_MARK_PREFIX + UUID.randomUUID()));
    }

    @Override
    public void commit() throws LocalTransactionException {
        Branch b = take("commit");
        if (b.state() == Branch.State.ROLLBACK_ONLY) {
            end(b, TransactionResolution.ROLLBACK);
            throw new LocalTransactionException("the local transaction was marked for rollback; rolled back");
        }
        end(b, TransactionResolution.COMMIT);
    }

    @Override
    public void rollback() throws LocalTransactionException {
        end(take("roll back"), TransactionResolution.ROLLBACK);
    }

    private Branch take(String what) throws LocalTransactionException {
        Branch b = connection.branch();
        if (b == null || b.xid() != null) {
            throw new LocalTransactionException("no local transaction to " + what + " on this connection");
        }
        connection.dissociate();
        return b;
    }

    private void end(Branch b, TransactionResolution resolution) throws LocalTransactionException {
        try {
            connection.outbound().halves().end(b.mark(), b.halves(), resolution);
        } catch (ClientException | RuntimeException e) {
            LocalTransactionException failure = new LocalTransactionException("could not " + resolution
                    + " the local transaction: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
