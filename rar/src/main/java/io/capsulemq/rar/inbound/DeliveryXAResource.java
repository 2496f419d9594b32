package io.capsulemq.rar.inbound;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA resource enlisted in one delivery's transaction: it learns whether the transaction committed (the message
 * is then consumed) and can veto the commit when the bean answered FAILURE. It holds nothing durable: after a crash
 * an undecided delivery is simply delivered again.
 */
final class DeliveryXAResource implements XAResource {
    private volatile boolean enlisted;
    private volatile boolean veto;
    private volatile boolean committed;

    void vetoCommit() {
        veto = true;
    }

    boolean enlisted() {
        return enlisted;
    }

    boolean committed() {
        return committed;
    }

    @Override
    public void start(Xid xid, int flags) {
        enlisted = true;
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        if (veto) {
            throw rolledBack();
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (veto) {
            throw rolledBack();
        }
        committed = true;
    }

    @Override
    public void rollback(Xid xid) {
        committed = false;
    }

    private static XAException rolledBack() {
        XAException e = new XAException("the message-driven bean answered FAILURE: the delivery is rolled back and "
                + "the message will be delivered again");
        e.errorCode = XAException.XA_RBROLLBACK;
        return e;
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
