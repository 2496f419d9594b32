package io.capsulemq.broker.server.body;

/** RocketMQ's {@code DataVersion}: when a configuration table was taken and a change counter. */
public record DataVersion(long timestamp, long counter, long stateVersion) {
}
