package io.capsulemq.broker.server.body;

import java.util.Map;

/** Named values as text (RocketMQ's {@code KVTable}), how the broker reports its runtime information. */
public record KvTableBody(Map<String, String> table) {
}
