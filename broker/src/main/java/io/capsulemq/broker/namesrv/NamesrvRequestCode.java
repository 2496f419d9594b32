package io.capsulemq.broker.namesrv;

/**
 * Request codes a NameServer answers that {@link io.capsulemq.broker.remoting.protocol.RequestCode} leaves out
 * (RocketMQ files them under high availability). A 5.x broker sends them when slave-acting-master is enabled.
 */
final class NamesrvRequestCode {
    /** A broker asks which brokers share its broker name. */
    static final int GET_BROKER_MEMBER_GROUP = 901;
    /** A broker says it is alive without re-sending its topics. */
    static final int BROKER_HEARTBEAT = 904;

    private NamesrvRequestCode() {
    }
}
