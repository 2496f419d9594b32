package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One client (producer or consumer) as the brokers see it: its own connections, over which its heartbeats go and
 * the brokers' requests to it come back. A broker knows a client by its connection, so clients sharing the
 * gateway's connections would look like one member to it; each client therefore has connections of its own,
 * as each RocketMQ client instance does.
 */
final class ClientSession implements AutoCloseable {
    private final String clientId;
    private final RemotingClient connections;
    private final Rpc rpc;
    private volatile ClientListener listener;
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    private final Map<String, ConsumerHeartbeat> consumers = new ConcurrentHashMap<>();
    private final Map<SubscriptionSpec, Long> subVersions = new ConcurrentHashMap<>();

    ClientSession(ClientListener listener, BrokerCallbacks callbacks, Executor executor, RequestSigner signer) {
        this.clientId = listener.clientId();
        this.listener = listener;
        this.connections = new RemotingClient(RemotingClientConfig.defaults());
        this.rpc = new Rpc(connections, executor, signer);
        callbacks.install(connections, id -> this.listener, clientId);
    }

    String clientId() {
        return clientId;
    }

    ClientListener listener() {
        return listener;
    }

    void listener(ClientListener listener) {
        this.listener = listener;
    }

    boolean active() {
        return listener.isActive() && (!producerGroups.isEmpty() || !consumers.isEmpty());
    }

    void addProducer(String group) {
        producerGroups.add(group);
    }

    boolean removeProducer(String group) {
        return producerGroups.remove(group);
    }

    void addConsumer(ConsumerHeartbeat heartbeat) {
        long now = System.currentTimeMillis();
        for (SubscriptionSpec spec : heartbeat.subscriptions()) {
            subVersions.putIfAbsent(spec, now);
        }
        consumers.put(heartbeat.group(), heartbeat);
        subVersions.keySet().retainAll(consumers.values().stream().flatMap(h -> h.subscriptions().stream())
                .toList());
    }

    boolean removeConsumer(String group) {
        return consumers.remove(group) != null;
    }

    ConsumerHeartbeat consumer(String group) {
        return consumers.get(group);
    }

    /** Sends this client's heartbeat to a broker; completes when the broker took it. */
    CompletableFuture<RemotingCommand> heartbeat(String brokerAddress) {
        byte[] body = HeartbeatBody.of(clientId, Set.copyOf(producerGroups), new HashMap<>(consumers),
                new HashMap<>(subVersions));
        return rpc.raw(brokerAddress, Requests.request(RequestCode.HEART_BEAT).body(body).build(), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS));
    }

    /** Tells a broker this client left a group. */
    CompletableFuture<RemotingCommand> unregister(String brokerAddress, String producerGroup, String consumerGroup) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("clientID", clientId);
        fields.put("producerGroup", producerGroup);
        fields.put("consumerGroup", consumerGroup);
        return rpc.raw(brokerAddress, Requests.request(RequestCode.UNREGISTER_CLIENT, fields), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS));
    }

    @Override
    public void close() {
        connections.close();
    }
}
