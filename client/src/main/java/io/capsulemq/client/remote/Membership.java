package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.ClientListener;
import io.capsulemq.client.gateway.ConsumerHeartbeat;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import io.capsulemq.client.gateway.SubscriptionSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Producers and consumers checking in with every broker of the cluster (HEART_BEAT), leaving (UNREGISTER_CLIENT),
 * and what the brokers say of consumer groups: their settings (GET_SUBSCRIPTIONGROUP_CONFIG) and members
 * (GET_CONSUMER_LIST_BY_GROUP). Each client has a {@link ClientSession}; clients repeat their check-ins, and the
 * gateway's timer sends every session's heartbeat every 30 s as well, to brokers that joined since included.
 */
final class Membership implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Membership.class.getName());

    private final RouteTable routes;
    private final Rpc rpc;
    private final BrokerCallbacks callbacks;
    private final Executor executor;
    private final SubscriptionFilters filters;
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, ConsumerSettings> knownSettings = new ConcurrentHashMap<>();

    Membership(RouteTable routes, Rpc rpc, BrokerCallbacks callbacks, Executor executor,
               SubscriptionFilters filters) {
        this.routes = routes;
        this.rpc = rpc;
        this.callbacks = callbacks;
        this.executor = executor;
        this.filters = filters;
    }

    void registerProducer(String group, ClientListener client) {
        ClientSession session = session(client);
        session.addProducer(group);
        heartbeat(session, true);
    }

    void unregisterProducer(String group, String clientId) {
        ClientSession session = sessions.get(clientId);
        if (session != null && session.removeProducer(group)) {
            unregister(session, group, null);
        }
    }

    ConsumerSettings registerConsumer(ConsumerHeartbeat heartbeat, ClientListener client) {
        for (SubscriptionSpec spec : heartbeat.subscriptions()) {
            filters.compile(spec);
        }
        ClientSession session = session(client);
        session.addConsumer(heartbeat);
        heartbeat(session, true);
        return consumerSettings(heartbeat.group());
    }

    void unregisterConsumer(String group, String clientId) {
        ClientSession session = sessions.get(clientId);
        if (session != null && session.removeConsumer(group)) {
            unregister(session, null, group);
        }
    }

    /**
     * The group's settings as its first reachable broker has them; a group no broker has is absent. A broker that
     * does not serve GET_SUBSCRIPTIONGROUP_CONFIG (RocketMQ 4, for one) is asked for its whole group table.
     */
    ConsumerSettings consumerSettings(String group) {
        GatewayException last = null;
        for (String address : brokersFor(group)) {
            try {
                RemotingCommand answer = rpc.await(address, Requests.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG,
                        Map.of("group", group)), Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS,
                        ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, ResponseCode.REQUEST_CODE_NOT_SUPPORTED));
                ConsumerSettings settings = switch (answer.code()) {
                    case ResponseCode.SUCCESS -> settings(group, RocketJson.object(answer.body()));
                    case ResponseCode.REQUEST_CODE_NOT_SUPPORTED -> fromGroupTable(address, group);
                    default -> ConsumerSettings.absent(group);
                };
                knownSettings.put(group, settings);
                return settings;
            } catch (GatewayException e) {
                if (e.kind() != Kind.UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        return ConsumerSettings.absent(group);
    }

    /** The settings last read for the group, or read now. */
    ConsumerSettings knownSettings(String group) {
        ConsumerSettings settings = knownSettings.get(group);
        return settings != null ? settings : consumerSettings(group);
    }

    /**
     * RocketMQ's {@code SubscriptionGroupConfig} as the gateway's settings. RocketMQ's groups have no message model
     * and no start position: consumers choose them, and RocketMQ 5's consumers take clustering and the queues'
     * ends, as these settings say.
     */
    static ConsumerSettings settings(String group, Map<Object, Object> config) {
        return new ConsumerSettings(group, true, RocketJson.booleanField(config, "consumeMessageOrderly", false),
                false, (int) RocketJson.longField(config, "retryMaxTimes", ConsumerSettings.DEFAULT_MAX_RETRIES),
                ConsumerSettings.StartFrom.LAST_OFFSET);
    }

    /** The group's settings out of the broker's table of every group (GET_ALL_SUBSCRIPTIONGROUP_CONFIG). */
    private ConsumerSettings fromGroupTable(String address, String group) {
        RemotingCommand answer = rpc.await(address, Requests.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)
                .build(), Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS));
        Map<Object, Object> config = RocketJson.objectField(RocketJson.objectField(RocketJson.object(answer.body()),
                "subscriptionGroupTable"), group);
        return config.isEmpty() ? ConsumerSettings.absent(group) : settings(group, config);
    }

    /** The group's members' client ids, sorted, as one of its brokers lists them. */
    List<String> memberIds(String group) {
        GatewayException last = null;
        for (String address : brokersFor(group)) {
            try {
                RemotingCommand answer = rpc.await(address, Requests.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP,
                        Map.of("consumerGroup", group)), Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS,
                        ResponseCode.SYSTEM_ERROR));
                if (answer.code() != ResponseCode.SUCCESS || answer.body().length == 0) {
                    return List.of();   // RocketMQ answers SYSTEM_ERROR when the group has no member there
                }
                Set<String> ids = new TreeSet<>();
                for (Object id : RocketJson.arrayField(RocketJson.object(answer.body()), "consumerIdList")) {
                    ids.add(String.valueOf(id));
                }
                return List.copyOf(ids);
            } catch (GatewayException e) {
                if (e.kind() != Kind.UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        return List.of();
    }

    /** Every live session's heartbeat to every broker; sessions whose client closed are dropped. */
    void heartbeatAll() {
        for (ClientSession session : List.copyOf(sessions.values())) {
            if (!session.listener().isActive()) {
                drop(session);
                continue;
            }
            try {
                heartbeat(session, false);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "heartbeat of {0} failed: {1}", session.clientId(),
                        e.getMessage());
            }
        }
    }

    private ClientSession session(ClientListener client) {
        ClientSession session = sessions.computeIfAbsent(client.clientId(),
                id -> new ClientSession(client, callbacks, executor, rpc.signer()));
        session.listener(client);
        return session;
    }

    /**
     * Sends the session's heartbeat to every broker and waits for the answers. It fails only when no broker took
     * it; {@code strict} calls (a client checking in) then throw, the timer's only log.
     */
    private void heartbeat(ClientSession session, boolean strict) {
        Map<String, String> brokers = brokers();
        Map<String, CompletableFuture<RemotingCommand>> sent = new LinkedHashMap<>();
        brokers.forEach((name, address) -> sent.put(name, session.heartbeat(address)));
        List<String> failures = new ArrayList<>();
        sent.forEach((name, answer) -> {
            try {
                answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(name + ": interrupted");
            } catch (ExecutionException e) {
                failures.add(name + ": " + Rpc.unwrap(e).getMessage());
            }
        });
        if (!failures.isEmpty()) {
            String message = "heartbeat of " + session.clientId() + " not taken by " + String.join("; ", failures);
            if (strict && failures.size() == brokers.size()) {
                throw new GatewayException(Kind.UNAVAILABLE, message);
            }
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    private void unregister(ClientSession session, String producerGroup, String consumerGroup) {
        List<CompletableFuture<RemotingCommand>> sent = new ArrayList<>();
        routes.brokers().values().forEach(address -> sent.add(session.unregister(address, producerGroup,
                consumerGroup)));
        for (CompletableFuture<RemotingCommand> answer : sent) {
            try {
                answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "unregistering {0} failed: {1}", session.clientId(),
                        Rpc.unwrap(e).getMessage());
            }
        }
        if (!session.active()) {
            drop(session);
        }
    }

    private void drop(ClientSession session) {
        if (sessions.remove(session.clientId(), session)) {
            session.close();
        }
    }

    /** Every broker of the cluster, asked for when none is known yet. */
    private Map<String, String> brokers() {
        Map<String, String> brokers = routes.brokers();
        if (brokers.isEmpty()) {
            routes.refreshBrokers();
            brokers = routes.brokers();
        }
        if (brokers.isEmpty()) {
            throw new GatewayException(Kind.UNAVAILABLE, "the NameServers know no broker");
        }
        return brokers;
    }

    /**
     * The brokers to ask about a group: those holding the topics its consumers here subscribe to (the group lives
     * there), else every broker.
     */
    private Collection<String> brokersFor(String group) {
        Map<String, String> holding = new TreeMap<>();
        for (ClientSession session : sessions.values()) {
            ConsumerHeartbeat heartbeat = session.consumer(group);
            if (heartbeat == null) {
                continue;
            }
            for (SubscriptionSpec spec : heartbeat.subscriptions()) {
                TopicLayout layout = routes.cached(spec.topic());
                if (layout != null && layout.exists()) {
                    holding.putAll(layout.masters());
                }
            }
        }
        return (holding.isEmpty() ? brokers() : holding).values();
    }

    @Override
    public void close() {
        for (ClientSession session : List.copyOf(sessions.values())) {
            drop(session);
        }
    }
}
