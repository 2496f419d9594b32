/**
 * The native API: Apache RocketMQ 5's {@code org.apache.rocketmq.client.apis}, implemented in process and over the
 * wire. Filled by the engine and remoting issues.
 */
package io.capsulemq.client;
