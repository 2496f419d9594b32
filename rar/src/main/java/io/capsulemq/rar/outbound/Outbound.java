package io.capsulemq.rar.outbound;

import io.capsulemq.broker.engine.transaction.TransactionResolution;
import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.rar.AdapterLoader;
import io.capsulemq.rar.AdapterTopics;
import io.capsulemq.rar.EmbeddedBroker;
import io.capsulemq.rar.RemoteBroker;
import io.capsulemq.rar.TopicSetup;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The producer side of a started adapter, shared by its connection factories and their pooled connections: one
 * native producer for immediate sends (thread-safe, started on first use), the XA branches in memory, and the
 * branches' half messages in the broker (embedded, or remote with the adapter's own branch log).
 */
public final class Outbound implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

    private final ClientConfiguration clients;
    private final HalfStore halves;
    private final TopicSetup topics;
    private final Branches branches = new Branches();
    private Producer producer;
    private boolean closed;

    private Outbound(ClientConfiguration clients, TopicSetup topics, HalfStore halves) {
        this.clients = clients;
        this.topics = topics;
        this.halves = halves;
    }

    /**
     * The producer side over a started broker. Local transactions left open by an earlier run are rolled back
     * (no transaction manager will end them); XA branches wait for the transaction manager's recovery.
     */
    public static Outbound start(EmbeddedBroker broker) {
        AdapterTopics topics = new AdapterTopics(broker.broker());
        Outbound outbound = new Outbound(broker.clientConfiguration(), topics, new HalfLog(broker.broker(), topics));
        outbound.rollBackLocalLeftovers();
        return outbound;
    }

    /**
     * The producer side over a remote broker cluster, its XA branch log in {@code branchLogDir}. Branches a crash
     * left prepared wait there for the transaction manager's recovery; halves of transactions never prepared are
     * rolled back by the broker's check-back.
     */
    public static Outbound start(RemoteBroker broker, Path branchLogDir) {
        RemoteTopics topics = new RemoteTopics(broker.gateway());
        return new Outbound(broker.clientConfiguration(), topics, RemoteHalves.open(broker.gateway(), topics, branchLogDir));
    }

    private void rollBackLocalLeftovers() {
        for (Map.Entry<String, List<Half>> e : halves.pendingByMark().entrySet()) {
            if (!e.getKey().startsWith(HalfLog.LOCAL_MARK_PREFIX)) {
                continue;
            }
            try {
                halves.end(e.getKey(), e.getValue(), TransactionResolution.ROLLBACK);
                LOG.log(System.Logger.Level.INFO, "rolled back {0} half messages of local transaction {1} left "
                        + "open by an earlier run", e.getValue().size(), e.getKey());
            } catch (ClientException ex) {
                LOG.log(System.Logger.Level.WARNING, "could not roll back local transaction " + e.getKey()
                        + " left open by an earlier run", ex);
            }
        }
    }

    /** The native producer immediate sends go through. */
    synchronized Producer producer() throws ClientException {
        if (closed) {
            throw new IllegalStateException("the Capsule MQ adapter is stopped");
        }
        if (producer == null) {
            producer = AdapterLoader.call(() -> new CapsuleClientServiceProvider().newProducerBuilder()
                    .setClientConfiguration(clients)
                    .build());
        }
        return producer;
    }

    HalfStore halves() {
        return halves;
    }

    TopicSetup topics() {
        return topics;
    }

    Branches branches() {
        return branches;
    }

    /** Closes the native producer. Branches still open stay in the broker for the transaction manager. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        int open = branches.all().size();
        if (open > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} transaction branches are still open; the prepared ones wait "
                    + "for the transaction manager''s recovery (their halves in the broker, and in the remote mode "
                    + "their record in the branch log), the others are rolled back later (by that recovery, or in the remote "
                    + "mode by the broker''s check-back)", open);
        }
        halves.close();
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
