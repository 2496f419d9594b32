package io.capsulemq.it.adapter.remote;

import io.capsulemq.peers.CapsuleStandalone;

import java.nio.file.Path;
import java.util.Map;

/** The adapter's remote mode against the standalone Capsule broker and its embedded NameServer. */
class CapsuleRemoteModeIT extends RemoteModeScenarios {
    private CapsuleStandalone broker;

    CapsuleRemoteModeIT() {
        super("capsule");
    }

    @Override
    String startBrokers(Path home) throws Exception {
        broker = CapsuleStandalone.start(home, Map.of("messageDelayLevel",
                "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s"), "256m");
        return broker.nameServerAddress();
    }

    @Override
    String nameServers() {
        return broker.nameServerAddress();
    }

    @Override
    void stopBrokers() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }
}
