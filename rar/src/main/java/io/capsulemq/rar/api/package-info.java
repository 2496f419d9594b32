/**
 * What applications compile against: {@link io.capsulemq.rar.api.CapsuleProducerFactory}, the connection factory
 * injected with {@code @Resource(lookup = ...)}, and {@link io.capsulemq.rar.api.CapsuleListener} with
 * {@link io.capsulemq.rar.api.OnMessage}, for message-driven beans taking several topics in annotated methods.
 * Producers and message-driven beans otherwise use the native API, {@code org.apache.rocketmq.client.apis}.
 */
package io.capsulemq.rar.api;
