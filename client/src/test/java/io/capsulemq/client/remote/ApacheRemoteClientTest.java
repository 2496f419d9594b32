package io.capsulemq.client.remote;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote client's scenarios against a real Apache RocketMQ 5.5.0 NameServer and broker. */
class ApacheRemoteClientTest extends RemoteClientScenarios {
    @RegisterExtension
    static final BrokerPeer APACHE = BrokerPeer.apache();

    ApacheRemoteClientTest() {
        super(APACHE);
    }
}
