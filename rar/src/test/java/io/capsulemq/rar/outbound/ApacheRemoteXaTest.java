package io.capsulemq.rar.outbound;

import io.capsulemq.peers.ApacheRocketMq;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The remote mode's XA branches against a real Apache RocketMQ 5.5.0 NameServer and broker. */
class ApacheRemoteXaTest extends RemoteXaScenarios {
    @TempDir
    static Path home;

    @BeforeAll
    static void startBroker() throws Exception {
        ApacheRocketMq cluster = ApacheRocketMq.start(home, QUICK_CHECK_SETTINGS, "512m");
        started(new Brokers(cluster.nameServerAddress(), cluster));
    }
}
