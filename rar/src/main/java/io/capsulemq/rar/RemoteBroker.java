package io.capsulemq.rar;

import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.remote.AccessCredentials;
import io.capsulemq.client.remote.RemoteGateway;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;

/**
 * A broker cluster elsewhere (a Capsule standalone broker or Apache RocketMQ), reached through its NameServers.
 * The adapter holds the client's network gateway for those addresses from start to stop, so its producer and its
 * MDBs' consumers share one set of connections, and the XA side sends its half messages and set-up requests
 * through it. With credentials, the gateway signs every request, and the adapter's clients are given the same
 * credentials so that they share that gateway (gateways are shared per endpoint and credentials).
 */
public final class RemoteBroker implements AdapterBroker {
    private static final System.Logger LOG = System.getLogger(RemoteBroker.class.getName());

    private final GatewayLease lease;
    private final RemoteGateway gateway;
    private final AccessCredentials credentials;

    private RemoteBroker(GatewayLease lease, RemoteGateway gateway, AccessCredentials credentials) {
        this.lease = lease;
        this.gateway = gateway;
        this.credentials = credentials;
    }

    /** Connects to the NameServers (at least one must answer) and learns the cluster's brokers. */
    public static RemoteBroker connect(AdapterSettings settings) {
        GatewayLease lease = CapsuleEndpoints.open(settings.namesrvAddr(), settings.credentials());
        if (!(lease.gateway() instanceof RemoteGateway gateway)) {
            lease.close();
            throw new IllegalStateException("property namesrvAddr: '" + settings.namesrvAddr() + "' is registered "
                    + "in this JVM as an in-process broker, not reached over the network");
        }
        LOG.log(System.Logger.Level.INFO, "remote broker cluster at NameServers {0}", settings.namesrvAddr());
        return new RemoteBroker(lease, gateway, settings.credentials());
    }

    public RemoteGateway gateway() {
        return gateway;
    }

    @Override
    public String endpoint() {
        return lease.endpoint();
    }

    /** The endpoint with the adapter's credentials, if any, so that its clients sign as its gateway does. */
    @Override
    public ClientConfiguration clientConfiguration() {
        ClientConfigurationBuilder builder = ClientConfiguration.newBuilder().setEndpoints(endpoint());
        if (credentials != null) {
            builder.setCredentialProvider(new StaticSessionCredentialsProvider(credentials.accessKey(),
                    credentials.secretKey()));
        }
        return builder.build();
    }

    /** Lets go of the gateway: it disconnects once the adapter's clients have closed too. */
    @Override
    public void close() {
        lease.close();
    }
}
