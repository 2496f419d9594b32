package io.capsulemq.broker.namesrv.wire;

import java.util.Map;

/** The brokers sharing one broker name, by id (RocketMQ's BrokerMemberGroup). */
public record BrokerMemberGroup(String cluster, String brokerName, Map<Long, String> brokerAddrs) {
    public BrokerMemberGroup {
        brokerAddrs = brokerAddrs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(brokerAddrs));
    }

    /** The body of the answer to GET_BROKER_MEMBER_GROUP, which wraps the group in one field. */
    public record Response(BrokerMemberGroup brokerMemberGroup) {
    }
}
