package io.capsulemq.broker.registration;

import io.capsulemq.broker.namesrv.wire.BodyChecksum;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;

/** The requests a broker sends its NameServers, headers named as RocketMQ's RegisterBrokerRequestHeader names them. */
final class RegistrationRequests {
    /**
     * The request version a RocketMQ 5.5.0 broker sends (MQVersion.Version.V5_5_0's ordinal). RocketMQ's NameServer
     * reads the body by it: before 3.0.11 a body was a bare topic table, after it a RegisterBrokerBody.
     */
    static final int ROCKETMQ_VERSION = 513;
    /** Capsule's brokers are masters; RocketMQ's master has id 0. */
    static final String MASTER_ID = "0";

    private final RegistrarConfig config;

    RegistrationRequests(RegistrarConfig config) {
        this.config = config;
    }

    RemotingCommand register(byte[] body) {
        RemotingCommand.Builder request = identify(RemotingCommand.request(RequestCode.REGISTER_BROKER))
                .extField("haServerAddr", config.haServerAddr())
                .extField("enableActingMaster", "false")
                .extField("compressed", "false")
                .extField("bodyCrc32", Integer.toString(BodyChecksum.of(body)))
                .body(body);
        if (config.heartbeatTimeout() != null) {
            request.extField("heartbeatTimeoutMillis", Long.toString(config.heartbeatTimeout().toMillis()));
        }
        return request.build();
    }

    RemotingCommand unregister() {
        return identify(RemotingCommand.request(RequestCode.UNREGISTER_BROKER)).build();
    }

    private RemotingCommand.Builder identify(RemotingCommand.Builder request) {
        return request.version(ROCKETMQ_VERSION)
                .extField("brokerName", config.brokerName())
                .extField("brokerAddr", config.brokerAddr())
                .extField("clusterName", config.clusterName())
                .extField("brokerId", MASTER_ID);
    }
}
