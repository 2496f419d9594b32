/**
 * The gateway over the wire: {@link io.capsulemq.client.remote.RemoteGateway} speaks Apache RocketMQ's remoting
 * protocol (the transport of {@code io.capsulemq.broker.remoting}) to the NameServers an endpoint
 * {@code host:port[;host:port...]} names and to the brokers they list, real Apache RocketMQ ones or Capsule's.
 *
 * <p>What each piece does: {@code RouteTable} (routes and brokers from the NameServers, with {@code QueueLayout}
 * numbering a topic's queues across brokers), {@code Membership} with a {@code ClientSession} a client (heartbeats,
 * group settings and members; each client has connections of its own, over which {@code BrokerCallbacks} serve
 * the broker's requests to it), {@code Sending}, {@code Pulling}, {@code QueueLocks}, {@code Retries},
 * {@code Popping}, and {@code Transactions} (what an END_TRANSACTION needs, noted when a half message is sent or
 * checked). Bodies: {@code WireCodec} after {@code WireLayout} for messages, {@code RocketJson} for JSON.
 */
package io.capsulemq.client.remote;
