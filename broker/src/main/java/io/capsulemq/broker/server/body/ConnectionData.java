package io.capsulemq.broker.server.body;

/**
 * One client connection in a connection list (RocketMQ's {@code Connection}): its id, address, language name and
 * the protocol version it announced.
 */
public record ConnectionData(String clientId, String clientAddr, String language, int version) {
}
