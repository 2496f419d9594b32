package io.capsulemq.rar.outbound;

import javax.transaction.xa.XAException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter's XA branches in memory, by Xid, shared by every connection's XA resource: the transaction manager
 * may end a branch through any resource of this adapter, not only the one it was started on.
 */
final class Branches {
    private final Map<XidValue, Branch> byXid = new ConcurrentHashMap<>();

    Branch begin(XidValue xid) throws XAException {
        Branch fresh = new Branch(xid, xid.text());
        if (byXid.putIfAbsent(xid, fresh) != null) {
            throw XaErrors.of(XAException.XAER_DUPID, "branch " + xid + " is already started");
        }
        return fresh;
    }

    Branch get(XidValue xid) {
        return byXid.get(xid);
    }

    Branch remove(XidValue xid) {
        return byXid.remove(xid);
    }

    /** Branches prepared in this run, waiting for their outcome. */
    List<XidValue> prepared() {
        return byXid.values().stream().filter(b -> b.state() == Branch.State.PREPARED).map(Branch::xid).toList();
    }

    boolean contains(XidValue xid) {
        return byXid.containsKey(xid);
    }

    Collection<Branch> all() {
        return List.copyOf(byXid.values());
    }
}
