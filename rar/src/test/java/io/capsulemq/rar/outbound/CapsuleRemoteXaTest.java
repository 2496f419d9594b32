package io.capsulemq.rar.outbound;

import io.capsulemq.peers.CapsuleStandalone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The remote mode's XA branches against the standalone Capsule broker and its embedded NameServer. */
class CapsuleRemoteXaTest extends RemoteXaScenarios {
    @TempDir
    static Path home;

    @BeforeAll
    static void startBroker() throws Exception {
        CapsuleStandalone broker = CapsuleStandalone.start(home, QUICK_CHECK_SETTINGS, "256m");
        started(new Brokers(broker.nameServerAddress(), broker));
    }
}
