package io.capsulemq.client.remote;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote gateway's calls against the standalone Capsule broker (its jar) and its embedded NameServer. */
class CapsuleRemoteGatewayTest extends RemoteGatewayScenarios {
    @RegisterExtension
    static final BrokerPeer CAPSULE = BrokerPeer.capsule();

    CapsuleRemoteGatewayTest() {
        super(CAPSULE);
    }
}
