package io.capsulemq.broker.namesrv.wire;

import java.util.Map;
import java.util.TreeMap;

/**
 * A broker name's addresses by broker id, 0 being the master (RocketMQ's BrokerData). {@code zoneName} is null
 * unless the broker said which zone it is in.
 */
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs, String zoneName,
                         boolean enableActingMaster) {
    public BrokerData {
        brokerAddrs = brokerAddrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(brokerAddrs));
    }
}
