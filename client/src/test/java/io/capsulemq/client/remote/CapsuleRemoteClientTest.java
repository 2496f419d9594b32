package io.capsulemq.client.remote;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The remote client's scenarios against the standalone Capsule broker (its jar) and its embedded NameServer. */
class CapsuleRemoteClientTest extends RemoteClientScenarios {
    @RegisterExtension
    static final BrokerPeer CAPSULE = BrokerPeer.capsule();

    CapsuleRemoteClientTest() {
        super(CAPSULE);
    }
}
