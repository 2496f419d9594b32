package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.local.LocalGateway;
import io.capsulemq.client.remote.RemoteEndpoint;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which broker an endpoint string names, for every client in this JVM. Understood, in this order:
 * <ul>
 *   <li>a name under which a running {@link Broker} was {@linkplain #register registered} (for example by the
 *       resource adapter or a test, under any name such as {@code 127.0.0.1:9876});</li>
 *   <li>{@code local} or {@code local:<dir>}, optionally followed by {@code ?setting=value&...}: an embedded broker
 *       over that data folder ({@code ./capsule-data} by default), started by the first client that names it and
 *       shared by every client naming the same folder; it closes when the last of them closes, or at JVM exit.
 *       The settings are listed by {@link BrokerSettings}.</li>
 *   <li>{@code host:port[;host:port...]}: the NameServers of a cluster (Apache RocketMQ's or Capsule's), reached
 *       over the network by a {@link io.capsulemq.client.remote.RemoteGateway} shared by every client naming the
 *       same endpoint, disconnected when the last of them closes.</li>
 * </ul>
 */
public final class CapsuleEndpoints {
    private static final Map<String, BrokerGateway> REGISTERED = new ConcurrentHashMap<>();

    private CapsuleEndpoints() {
    }

    /**
     * Makes {@code broker} reachable as {@code endpoint}. Clients never close a registered broker; its owner does,
     * after {@link #unregister}. A name registered to another broker is refused.
     */
    public static void register(String endpoint, Broker broker) {
        Objects.requireNonNull(broker, "broker");
        BrokerGateway previous = registerIfAbsent(endpoint, new LocalGateway(broker));
        if (previous != null && !(previous instanceof LocalGateway local && local.broker() == broker)) {
            throw new IllegalStateException("endpoint '" + endpoint.trim() + "' is already registered to another "
                    + "broker");
        }
    }

    /**
     * Makes a gateway of one's own reachable as {@code endpoint}: a broker reached some other way, or one wrapped
     * (by a test, to fail on purpose). A name already registered is refused.
     */
    public static void register(String endpoint, BrokerGateway gateway) {
        Objects.requireNonNull(gateway, "gateway");
        BrokerGateway previous = registerIfAbsent(endpoint, gateway);
        if (previous != null && previous != gateway) {
            throw new IllegalStateException("endpoint '" + endpoint.trim() + "' is already registered");
        }
    }

    private static BrokerGateway registerIfAbsent(String endpoint, BrokerGateway gateway) {
        String name = normalized(endpoint);
        if (LocalEndpoint.isLocal(name)) {
            throw new IllegalArgumentException("endpoint name '" + name + "' is reserved for embedded brokers");
        }
        return REGISTERED.putIfAbsent(name, gateway);
    }

    /** Forgets the name; clients built earlier keep using the broker until they close. */
    public static boolean unregister(String endpoint) {
        return REGISTERED.remove(normalized(endpoint)) != null;
    }

    public static Set<String> registered() {
        return new TreeSet<>(REGISTERED.keySet());
    }

    /**
     * The broker a client's configuration names, for a client being built: a malformed or unknown endpoint is an
     * IllegalArgumentException, a broker that cannot start a ClientException saying why.
     */
    public static GatewayLease openFor(ClientConfiguration configuration) throws ClientException {
        try {
            return open(configuration.getEndpoints());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClientException("cannot reach the broker of endpoint '" + configuration.getEndpoints()
                    + "': " + e.getMessage(), e);
        }
    }

    /** The broker an endpoint string names, held until the lease is closed. */
    public static GatewayLease open(String endpoints) {
        String name = normalized(endpoints);
        BrokerGateway registered = REGISTERED.get(name);
        if (registered != null) {
            return GatewayLease.unowned(name, registered);
        }
        if (LocalEndpoint.isLocal(name)) {
            return EmbeddedBrokers.acquire(LocalEndpoint.parse(name));
        }
        if (RemoteEndpoint.matches(name)) {
            return RemoteGateways.acquire(name);
        }
        throw new IllegalArgumentException("endpoint '" + name + "' is not understood. This client understands "
                + "'local' or 'local:<data dir>[?setting=value&...]' (a broker embedded in this JVM), NameServer "
                + "addresses 'host:port[;host:port...]' and names registered with "
                + CapsuleEndpoints.class.getName() + ".register (now: "
                + (REGISTERED.isEmpty() ? "none" : String.join(", ", registered())) + ").");
    }

    private static String normalized(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoints are empty: set them with "
                    + "ClientConfiguration.newBuilder().setEndpoints(...)");
        }
        return endpoint.trim();
    }
}
