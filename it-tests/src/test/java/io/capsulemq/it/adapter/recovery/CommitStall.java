package io.capsulemq.it.adapter.recovery;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * An XA resource enlisted first in the crash test's transaction: it votes yes in the first phase, then in the second
 * writes a marker file and stalls, so the server can be killed at the moment the transaction manager has decided to
 * commit and the other branches (H2's row, the adapter's half message) are prepared but not committed.
 */
final class CommitStall implements XAResource {
    private static final Logger LOG = Logger.getLogger(CommitStall.class.getName());

    private final Path marker;

    CommitStall(Path marker) {
        this.marker = marker;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        LOG.info("commit of the crash test's transaction stalled (one phase: " + onePhase + "), waiting for the kill");
        try {
            Files.writeString(marker, "commit stalled, one phase: " + onePhase);
            Thread.sleep(600_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int prepare(Xid xid) {
        return XA_OK;
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void rollback(Xid xid) {
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
