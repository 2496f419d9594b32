package io.capsulemq.rar.outbound;

import io.capsulemq.client.remote.SentHalf;

import java.util.List;

/** One branch as the remote mode's branch log keeps it: its mark, where it stands, and its halves in send order. */
record BranchRecord(String mark, State state, List<SentHalf> halves) {
    enum State {
        /** Prepared: the transaction manager's outcome is awaited. */
        PREPARED,
        /** The transaction manager decided to commit; ending the halves is under way. */
        COMMITTING
    }

    BranchRecord {
        halves = List.copyOf(halves);
    }

    BranchRecord committing() {
        return new BranchRecord(mark, State.COMMITTING, halves);
    }
}
