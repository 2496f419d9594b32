package io.capsulemq.broker.namesrv.wire;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The answer to GET_BROKER_CLUSTER_INFO (RocketMQ's ClusterInfo): every broker, and the broker names of a cluster. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
    public ClusterInfo {
        brokerAddrTable = brokerAddrTable == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(brokerAddrTable));
        clusterAddrTable = clusterAddrTable == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(clusterAddrTable));
    }
}
