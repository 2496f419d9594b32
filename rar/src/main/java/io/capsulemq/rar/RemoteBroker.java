package io.capsulemq.rar;

import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.remote.RemoteGateway;

/**
 * A broker cluster elsewhere (a Capsule standalone broker or Apache RocketMQ), reached through its NameServers.
 * The adapter holds the client's network gateway for those addresses from start to stop, so its producer and its
 * MDBs' consumers share one set of connections, and the XA side sends its half messages and set-up requests
 * through it.
 */
public final class RemoteBroker implements AdapterBroker {
    private static final System.Logger LOG = System.getLogger(RemoteBroker.class.getName());

    private final GatewayLease lease;
    private final RemoteGateway gateway;

    private RemoteBroker(GatewayLease lease, RemoteGateway gateway) {
        this.lease = lease;
        this.gateway = gateway;
    }

    /** Connects to the NameServers (at least one must answer) and learns the cluster's brokers. */
    public static RemoteBroker connect(AdapterSettings settings) {
        GatewayLease lease = CapsuleEndpoints.open(settings.namesrvAddr());
        if (!(lease.gateway() instanceof RemoteGateway gateway)) {
            lease.close();
            throw new IllegalStateException("property namesrvAddr: '" + settings.namesrvAddr() + "' is registered "
                    + "in this JVM as an in-process broker, not reached over the network");
        }
        LOG.log(System.Logger.Level.INFO, "remote broker cluster at NameServers {0}", settings.namesrvAddr());
        return new RemoteBroker(lease, gateway);
    }

    public RemoteGateway gateway() {
        return gateway;
    }

    @Override
    public String endpoint() {
        return lease.endpoint();
    }

    /** Lets go of the gateway: it disconnects once the adapter's clients have closed too. */
    @Override
    public void close() {
        lease.close();
    }
}
