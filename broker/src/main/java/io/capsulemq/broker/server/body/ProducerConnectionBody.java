package io.capsulemq.broker.server.body;

import java.util.List;

/** A producer group's live connections (RocketMQ's {@code ProducerConnection}). */
public record ProducerConnectionBody(List<ConnectionData> connectionSet) {
}
