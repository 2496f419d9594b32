/**
 * The JCA 2.1 resource adapter: {@link io.capsulemq.rar.CapsuleResourceAdapter} boots the embedded broker and
 * registers it for the native API, or, in the remote mode, reaches a broker cluster (a Capsule standalone broker or
 * Apache RocketMQ) through its NameServers ({@link io.capsulemq.rar.RemoteBroker}); {@code outbound} hands out
 * producers with XA half messages (in the remote mode with a branch log of its own); {@code inbound} delivers to
 * message-driven beans through activation specs; {@code api} is what applications compile against.
 */
package io.capsulemq.rar;
