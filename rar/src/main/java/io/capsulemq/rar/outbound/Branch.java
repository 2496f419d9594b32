package io.capsulemq.rar.outbound;

import java.util.ArrayList;
import java.util.List;

/**
 * The sends of one transaction branch (an XA branch, or a local transaction): the half messages stored for it, in
 * send order, and where the branch stands. Thread-safe.
 */
final class Branch {
    enum State {
        /** Sends may be added (associated with a connection, or suspended between two associations). */
        ACTIVE,
        /** Ended with TMFAIL, or a send failed: it can only roll back. */
        ROLLBACK_ONLY,
        /** Its halves are durable and it waits for the transaction manager's decision. */
        PREPARED
    }

    private final XidValue xid;
    private final String mark;
    private final List<Half> halves = new ArrayList<>();
    private State state = State.ACTIVE;

    /**
     * @param xid  the XA branch, or null for a local transaction
     * @param mark what each half carries to find the branch again
     */
    Branch(XidValue xid, String mark) {
        this.xid = xid;
        this.mark = mark;
    }

    XidValue xid() {
        return xid;
    }

    String mark() {
        return mark;
    }

    synchronized void add(Half half) {
        halves.add(half);
    }

    synchronized List<Half> halves() {
        return List.copyOf(halves);
    }

    synchronized State state() {
        return state;
    }

    synchronized void rollbackOnly() {
        if (state == State.ACTIVE) {
            state = State.ROLLBACK_ONLY;
        }
    }

    synchronized void prepared() {
        state = State.PREPARED;
    }

    @Override
    public String toString() {
        return "Branch{" + mark + ", " + halves().size() + " halves, " + state() + "}";
    }
}
