/**
 * The native API: Apache RocketMQ 5's {@code org.apache.rocketmq.client.apis}, implemented by
 * {@link io.capsulemq.client.CapsuleClientServiceProvider}. Clients reach a broker through the
 * {@link io.capsulemq.client.gateway.BrokerGateway}: in process now ({@code local} endpoints and brokers registered
 * with {@link io.capsulemq.client.endpoint.CapsuleEndpoints}), over the wire with the remoting client.
 */
package io.capsulemq.client;
