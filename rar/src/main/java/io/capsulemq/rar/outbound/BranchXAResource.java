package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.transaction.TransactionResolution;
import org.apache.rocketmq.client.apis.ClientException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection's XA resource. {@code start} associates the connection with a branch, so its sends become half
 * messages marked with the Xid; {@code prepare} forces them to disk; {@code commit} makes them visible in send
 * order, {@code rollback} discards them. Branches live in the adapter's registry, so any of the adapter's
 * resources can end them ({@link #isSameRM}); after a restart, the branches the broker still holds are found by
 * the Xid in their halves: {@code recover} reports them and {@code commit}/{@code rollback} end them.
 */
final class BranchXAResource implements XAResource {
    private static final System.Logger LOG = System.getLogger(BranchXAResource.class.getName());

    private final CapsuleManagedConnection connection;
    private final Outbound outbound;

    BranchXAResource(CapsuleManagedConnection connection, Outbound outbound) {
        this.connection = connection;
        this.outbound = outbound;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        XidValue x = XidValue.of(xid);
        Branch current = connection.branch();
        if (current != null) {
            throw XaErrors.of(XAException.XAER_PROTO, "the connection is in branch " + current + " already");
        }
        Branch b;
        if (flags == TMNOFLAGS) {
            b = outbound.branches().begin(x);
        } else if ((flags & (TMJOIN | TMRESUME)) != 0) {
            b = outbound.branches().get(x);
            if (b == null) {
                throw XaErrors.of(XAException.XAER_NOTA, "no branch " + x + " to join or resume");
            }
            if (b.state() == Branch.State.PREPARED) {
                throw XaErrors.of(XAException.XAER_PROTO, "branch " + x + " is prepared");
            }
        } else {
            throw XaErrors.of(XAException.XAER_INVAL, "start flags " + flags + " are not TMNOFLAGS, TMJOIN or "
                    + "TMRESUME");
        }
        connection.associate(b);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        XidValue x = XidValue.of(xid);
        Branch b = outbound.branches().get(x);
        if (b == null) {
            throw XaErrors.of(XAException.XAER_NOTA, "no branch " + x + " to end");
        }
        if ((flags & TMFAIL) != 0) {
            b.rollbackOnly();
        }
        if (connection.branch() == b) {
            connection.dissociate();
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        XidValue x = XidValue.of(xid);
        Branch b = outbound.branches().get(x);
        if (b == null) {
            throw XaErrors.of(XAException.XAER_NOTA, "no branch " + x + " to prepare");
        }
        if (b.state() == Branch.State.ROLLBACK_ONLY) {
            rollBackQuietly(b);
            throw XaErrors.of(XAException.XA_RBROLLBACK, "branch " + x + " was marked for rollback");
        }
        if (b.halves().isEmpty()) {
            outbound.branches().remove(x);
            return XA_RDONLY;
        }
        try {
            outbound.halves().prepare(b.mark(), b.halves());
        } catch (ClientException e) {
            rollBackQuietly(b);
            throw XaErrors.of(XAException.XA_RBCOMMFAIL, "branch " + x + " could not be made durable; rolled back",
                    e);
        }
        b.prepared();
        LOG.log(System.Logger.Level.DEBUG, "prepared {0}", b);
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        XidValue x = XidValue.of(xid);
        Branch b = outbound.branches().get(x);
        List<Half> halves;
        if (b == null) {
            halves = recovered(x);
            if (halves.isEmpty()) {
                throw XaErrors.of(XAException.XAER_NOTA, "no branch " + x + " to commit");
            }
        } else {
            if (b.state() == Branch.State.ROLLBACK_ONLY) {
                rollBackQuietly(b);
                throw XaErrors.of(XAException.XA_RBROLLBACK, "branch " + x + " was marked for rollback");
            }
            if (!onePhase && b.state() != Branch.State.PREPARED) {
                throw XaErrors.of(XAException.XAER_PROTO, "branch " + x + " is not prepared");
            }
            halves = b.halves();
        }
        try {
            outbound.halves().end(x.text(), halves, TransactionResolution.COMMIT);
        } catch (ClientException | RuntimeException e) {
            // The branch stays known (in memory or in the broker): the transaction manager may commit it again.
            throw XaErrors.of(XAException.XAER_RMERR, "branch " + x + " could not be committed", e);
        }
        outbound.branches().remove(x);
        if (b == null) {
            LOG.log(System.Logger.Level.INFO, "committed branch {0} left prepared by an earlier run ({1} half "
                    + "messages)", x, halves.size());
        } else {
            LOG.log(System.Logger.Level.DEBUG, "committed branch {0} ({1} half messages, {2})", x, halves.size(),
                    onePhase ? "one phase" : "two phases");
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        XidValue x = XidValue.of(xid);
        Branch b = outbound.branches().get(x);
        List<Half> halves = b != null ? b.halves() : recovered(x);
        if (b == null && halves.isEmpty()) {
            throw XaErrors.of(XAException.XAER_NOTA, "no branch " + x + " to roll back");
        }
        try {
            outbound.halves().end(x.text(), halves, TransactionResolution.ROLLBACK);
        } catch (ClientException | RuntimeException e) {
            throw XaErrors.of(XAException.XAER_RMERR, "branch " + x + " could not be rolled back", e);
        }
        outbound.branches().remove(x);
        LOG.log(b == null ? System.Logger.Level.INFO : System.Logger.Level.DEBUG, "rolled back branch {0} ({1} "
                + "half messages){2}", x, halves.size(), b == null ? ", left by an earlier run" : "");
        if (connection.branch() == b && b != null) {
            connection.dissociate();
        }
    }

    private void rollBackQuietly(Branch b) {
        try {
            outbound.halves().end(b.mark(), b.halves(), TransactionResolution.ROLLBACK);
        } catch (ClientException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not roll back the half messages of " + b
                    + "; they wait in the broker for recovery", e);
        }
        outbound.branches().remove(b.xid());
        if (connection.branch() == b) {
            connection.dissociate();
        }
    }

    /** A branch of an earlier run, known only by its halves in the broker. */
    private List<Half> recovered(XidValue x) {
        return outbound.halves().pendingByMark().getOrDefault(x.text(), List.of());
    }

    /**
     * The branches prepared in this run, and those the broker holds from an earlier run (prepared or not: a
     * transaction manager that does not know one rolls it back), all at the start of a scan.
     */
    @Override
    public Xid[] recover(int flags) throws XAException {
        if ((flags & TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        Set<XidValue> found = new LinkedHashSet<>(outbound.branches().prepared());
        try {
            for (String mark : outbound.halves().pendingByMark().keySet()) {
                XidValue.parse(mark).filter(x -> !outbound.branches().contains(x)).ifPresent(found::add);
            }
        } catch (RuntimeException e) {
            throw XaErrors.of(XAException.XAER_RMERR, "could not list the branches the broker holds", e);
        }
        return found.toArray(new Xid[0]);
    }

    @Override
    public void forget(Xid xid) {
        outbound.branches().remove(XidValue.of(xid));
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof BranchXAResource r && r.outbound == outbound;
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
