package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.local.LocalGateway;
import io.capsulemq.client.remote.AccessCredentials;
import io.capsulemq.client.remote.RemoteEndpoint;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.SessionCredentials;
import org.apache.rocketmq.client.apis.SessionCredentialsProvider;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 *       same endpoint with the same credentials, disconnected when the last of them closes.</li>
 * </ul>
 *
 * <p>Credentials ({@code ClientConfigurationBuilder.setCredentialProvider}) sign every request to a network
 * endpoint, as RocketMQ's clients do for a cluster with authentication on; the provider is asked once, when the
 * client is built. In-process brokers (registered names and {@code local} endpoints) check no credentials, so
 * there they are not used, as a RocketMQ broker with authentication off ignores a signed request's fields.
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
            return open(configuration.getEndpoints(), credentials(configuration));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ClientException("cannot reach the broker of endpoint '" + configuration.getEndpoints()
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * The credentials a client's configuration carries, or null: the provider's, read once. Credentials without an
     * access key or secret key are refused, naming which is missing.
     */
    static AccessCredentials credentials(ClientConfiguration configuration) {
        Optional<SessionCredentialsProvider> provider = configuration.getCredentialsProvider();
        if (provider.isEmpty()) {
            return null;
        }
        SessionCredentials session = provider.get().getSessionCredentials();
        if (session == null) {
            throw new IllegalArgumentException("the credentials provider " + provider.get().getClass().getName()
                    + " gave no credentials");
        }
        return new AccessCredentials(session.getAccessKey(), session.getAccessSecret(),
                session.tryGetSecurityToken().orElse(null));
    }

    /** The broker an endpoint string names, held until the lease is closed; requests over the network unsigned. */
    public static GatewayLease open(String endpoints) {
        return open(endpoints, null);
    }

    /**
     * The broker an endpoint string names, held until the lease is closed. Requests to a network endpoint are
     * signed with {@code credentials} (null: unsigned); in-process brokers do not use them.
     */
    public static GatewayLease open(String endpoints, AccessCredentials credentials) {
        String name = normalized(endpoints);
        BrokerGateway registered = REGISTERED.get(name);
        if (registered != null) {
            return GatewayLease.unowned(name, registered);
        }
        if (LocalEndpoint.isLocal(name)) {
            return EmbeddedBrokers.acquire(LocalEndpoint.parse(name));
        }
        if (RemoteEndpoint.matches(name)) {
            return RemoteGateways.acquire(name, credentials);
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
