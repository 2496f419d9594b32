package io.capsulemq.it.adapter.remote;

import io.capsulemq.peers.ApacheRocketMq;

import java.nio.file.Path;
import java.util.Map;

/** The adapter's remote mode against a real Apache RocketMQ 5.5.0 NameServer and broker. */
class ApacheRemoteModeIT extends RemoteModeScenarios {
    private ApacheRocketMq cluster;

    ApacheRemoteModeIT() {
        super("apache-rocketmq");
    }

    @Override
    String startBrokers(Path home) throws Exception {
        // Every retry back-off 1 s, so that the retry and dead-letter scenario takes seconds.
        cluster = ApacheRocketMq.start(home, Map.of("messageDelayLevel",
                "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s"), "512m");
        return cluster.nameServerAddress();
    }

    @Override
    String nameServers() {
        return cluster.nameServerAddress();
    }

    @Override
    void stopBrokers() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }
}
