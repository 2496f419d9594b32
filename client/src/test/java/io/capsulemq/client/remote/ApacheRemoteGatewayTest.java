package io.capsulemq.client.remote;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote gateway's calls against a real Apache RocketMQ 5.5.0 NameServer and broker. */
class ApacheRemoteGatewayTest extends RemoteGatewayScenarios {
    @RegisterExtension
    static final BrokerPeer APACHE = BrokerPeer.apache();

    ApacheRemoteGatewayTest() {
        super(APACHE);
    }
}
