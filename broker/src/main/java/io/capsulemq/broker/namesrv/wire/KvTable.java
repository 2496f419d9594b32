package io.capsulemq.broker.namesrv.wire;

import java.util.Map;

/** The key-value pairs of one configuration namespace (RocketMQ's KVTable). */
public record KvTable(Map<String, String> table) {
    public KvTable {
        table = table == null ? Map.of() : Map.copyOf(table);
    }
}
