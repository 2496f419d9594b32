package io.capsulemq.broker.server.client;

import io.capsulemq.broker.engine.client.ClientConnection;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.lock.QueueLocks;
import io.capsulemq.broker.remoting.ConnectionListener;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.protocol.LanguageCode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients on each connection, one {@link ChannelClient} per client id and connection, shared by the producer and
 * consumer registries. When a connection closes its clients leave every group they joined (the rest of a consumer
 * group is told at once) and give up their queue locks, instead of lingering until their heartbeats expire.
 */
public final class ChannelClients implements ConnectionListener {
    private static final System.Logger LOG = System.getLogger(ChannelClients.class.getName());

    private final Map<RemotingConnection, Map<String, ChannelClient>> byConnection = new ConcurrentHashMap<>();
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final QueueLocks locks;
    private final String brokerName;

    public ChannelClients(ConsumerRegistry consumers, ProducerRegistry producers, QueueLocks locks,
                          String brokerName) {
        this.consumers = consumers;
        this.producers = producers;
        this.locks = locks;
        this.brokerName = brokerName;
    }

    /** The client {@code clientId} on this connection, made on its first heartbeat. */
    public ChannelClient heard(RemotingConnection connection, String clientId, LanguageCode language, int version) {
        ChannelClient client = byConnection.computeIfAbsent(connection, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(clientId, id -> new ChannelClient(connection, id, brokerName, language, version));
        client.heard(language, version);
        return client;
    }

    public Optional<ChannelClient> find(RemotingConnection connection, String clientId) {
        Map<String, ChannelClient> clients = byConnection.get(connection);
        return Optional.ofNullable(clients == null ? null : clients.get(clientId));
    }

    /** Every known client with this id, on any connection (an operator names clients by id). */
    public List<ChannelClient> withId(String clientId) {
        return byConnection.values().stream().map(m -> m.get(clientId)).filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The client of an engine registration, when it came over the network. */
    public static Optional<ChannelClient> of(ClientConnection connection) {
        return connection instanceof ChannelClient c ? Optional.of(c) : Optional.empty();
    }

    /**
     * Drops the connection's clients if it closed while a heartbeat registered them: its close may have been handled
     * before they existed.
     */
    public void recheck(RemotingConnection connection) {
        if (!connection.isActive()) {
            closed(connection);
        }
    }

    @Override
    public void closed(RemotingConnection connection) {
        Map<String, ChannelClient> clients = byConnection.remove(connection);
        if (clients == null) {
            return;
        }
        for (ChannelClient client : clients.values()) {
            leaveAll(client);
        }
    }

    /** Takes a client out of the groups it joined, unless another connection took its id over meanwhile. */
    private void leaveAll(ChannelClient client) {
        String id = client.clientId();
        for (String group : client.consumerGroups().keySet()) {
            boolean mine = consumers.member(group, id).map(m -> m.connection() == client).orElse(false);
            if (mine) {
                consumers.unregister(group, id);
            }
        }
        for (String group : client.producerGroups()) {
            boolean mine = producers.live(group).stream().anyMatch(c -> c == client);
            if (mine) {
                producers.unregister(group, id);
            }
        }
        if (withId(id).isEmpty()) {
            locks.releaseAll(id);
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} disconnected", client);
    }
}
