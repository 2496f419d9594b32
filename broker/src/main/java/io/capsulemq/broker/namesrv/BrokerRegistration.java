package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.RegisterBrokerBody;

import java.time.Duration;

/**
 * One REGISTER_BROKER request, read: who the broker is and what it registers.
 *
 * @param heartbeatTimeout how long the broker may stay silent before it is dropped; null for the NameServer's default
 * @param enableActingMaster whether the broker asked for slave-acting-master; null from brokers older than 5.0
 */
record BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
                          String haServerAddr, String zoneName, Duration heartbeatTimeout, Boolean enableActingMaster,
                          RegisterBrokerBody body) {
    /** RocketMQ's id of the master among brokers sharing a name. */
    static final long MASTER_ID = 0;

    boolean isMaster() {
        return brokerId == MASTER_ID;
    }
}
