package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.namesrv.ApacheTools;
import io.capsulemq.broker.namesrv.NameServer;
import io.capsulemq.broker.registration.BrokerRegistrar;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The settings of a broker.conf start what a standalone broker is made of (embedded NameServer, engine, registrar),
 * and the real Apache admin tool finds the broker's routes where the file said.
 */
class StandaloneSettingsWiringTest {
    @Test
    void shouldStartTheEmbeddedNameServerEngineAndRegistrarFromABrokerConf(@TempDir Path dir) throws Exception {
        int brokerPort = freePort();
        int nameServerPort = freePort();
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, String.join("\n",
                "brokerClusterName=WiredCluster",
                "brokerName=wired-a",
                "brokerId=0",
                "brokerRole=ASYNC_MASTER",
                "listenPort=" + brokerPort,
                "namesrvListenPort=" + nameServerPort,
                "namesrvAddr=127.0.0.1:" + nameServerPort,
                "storePathRootDir=" + dir.resolve("store"),
                "mappedFileSizeCommitLog=1048576",
                "maxMessageSize=65536",
                "defaultTopicQueueNums=3"));

        StandaloneSettings settings = BrokerConfFile.read(conf);

        try (NameServer nameServer = new NameServer(settings.nameServer().orElseThrow());
             Broker broker = Broker.start(settings.broker());
             RemotingClient client = new RemotingClient(RemotingClientConfig.defaults())) {
            nameServer.start();
            assertEquals("127.0.0.1:" + nameServerPort, nameServer.address());
            broker.topics().findOrAutoCreate("wired-orders", MessageType.NORMAL);
            try (BrokerRegistrar registrar = new BrokerRegistrar(settings.registrar(), broker.topics(), client)) {
                registrar.start();
                registrar.registerAll().get(30, TimeUnit.SECONDS);

                DefaultMQAdminExt admin = ApacheTools.admin("127.0.0.1:" + nameServerPort);
                try {
                    TopicRouteData route = admin.examineTopicRouteInfo("wired-orders");
                    assertEquals(3, route.getQueueDatas().get(0).getWriteQueueNums());
                    assertEquals(Map.of(0L, "127.0.0.1:" + brokerPort), route.getBrokerDatas().get(0).getBrokerAddrs());
                    assertEquals(Set.of("wired-a"),
                            admin.examineBrokerClusterInfo().getClusterAddrTable().get("WiredCluster"));
                } finally {
                    admin.shutdown();
                }
            }
            assertTrue(Files.isDirectory(dir.resolve("store").resolve("commitlog")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
