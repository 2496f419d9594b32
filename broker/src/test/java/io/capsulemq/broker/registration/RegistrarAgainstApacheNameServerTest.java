package io.capsulemq.broker.registration;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.TestBrokers;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.namesrv.ApacheTools;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static io.capsulemq.broker.registration.RegistrarFixtures.await;
import static io.capsulemq.broker.registration.RegistrarFixtures.registryWith;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Our registrar registering our broker's topics with the real Apache RocketMQ 5.5.0 NameServer
 * ({@code NamesrvController}, in process), and the real admin tool finding the routes there.
 */
class RegistrarAgainstApacheNameServerTest {
    @TempDir
    static Path nameServerDir;

    private static ApacheNameServerFixture nameServer;
    private static DefaultMQAdminExt admin;
    private static RemotingClient client;

    @BeforeAll
    static void start() {
        nameServer = new ApacheNameServerFixture(nameServerDir);
        admin = ApacheTools.admin(nameServer.address());
        client = new RemotingClient(RemotingClientConfig.defaults());
    }

    @AfterAll
    static void stop() {
        client.close();
        admin.shutdown();
        nameServer.close();
    }

    private static RegistrarConfig config(String cluster, String brokerName, String brokerAddr) {
        return new RegistrarConfig(cluster, brokerName, brokerAddr, "", List.of(nameServer.address()),
                Duration.ofHours(1), Duration.ofSeconds(10), RegistrarConfig.DEFAULT_MAX_BODY_BYTES, null);
    }

    private static TopicRouteData route(String topic) {
        try {
            return admin.examineTopicRouteInfo(topic);
        } catch (MQClientException e) {
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldRegisterTheEnginesTopicsWithTheApacheNameServer(@TempDir Path dir) throws Exception {
        try (Broker broker = TestBrokers.start(dir, b -> b.brokerName("engine-a").clusterName("EngineCluster"))) {
            broker.topics().createOrUpdate(TopicConfig.of("engine-orders", 8, MessageType.FIFO));
            broker.topics().createOrUpdate(new TopicConfig("engine-audit", 2, 4, 4, MessageType.NORMAL));
            try (BrokerRegistrar registrar = new BrokerRegistrar(
                    RegistrarConfig.of(broker.config(), "127.0.0.1:10911", List.of(nameServer.address())),
                    broker.topics(), client)) {
                registrar.start();
                registrar.registerAll().get(30, TimeUnit.SECONDS);

                TopicRouteData orders = admin.examineTopicRouteInfo("engine-orders");
                QueueData queues = orders.getQueueDatas().get(0);
                assertEquals(List.of("engine-a", 8, 8, 6), List.of(queues.getBrokerName(), queues.getReadQueueNums(),
                        queues.getWriteQueueNums(), queues.getPerm()));
                BrokerData brokerData = orders.getBrokerDatas().get(0);
                assertEquals("EngineCluster", brokerData.getCluster());
                assertEquals(Map.of(0L, "127.0.0.1:10911"), brokerData.getBrokerAddrs());
                QueueData audit = admin.examineTopicRouteInfo("engine-audit").getQueueDatas().get(0);
                assertEquals(List.of(2, 4, 4), List.of(audit.getReadQueueNums(), audit.getWriteQueueNums(),
                        audit.getPerm()));
                assertEquals(Set.of("engine-a"),
                        admin.examineBrokerClusterInfo().getClusterAddrTable().get("EngineCluster"));
                Set<String> listed = admin.fetchTopicsByCLuster("EngineCluster").getTopicList();
                assertTrue(listed.containsAll(broker.topics().all().stream().map(TopicConfig::topicName).toList()),
                        "every topic of the engine, system topics too: " + listed);
            }
        }
    }

    @Test
    void shouldRegisterATopicAsSoonAsItIsCreated(@TempDir Path dir) throws Exception {
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("created-first", 4, MessageType.NORMAL)));
        try (BrokerRegistrar registrar = new BrokerRegistrar(config("CreatedCluster", "created-a", "127.0.0.1:20911"),
                topics, client)) {
            registrar.start();
            registrar.registerAll().get(30, TimeUnit.SECONDS);
            assertNull(route("created-later"));

            // The full registration comes only every hour here: the new topic must go on its own.
            topics.createOrUpdate(TopicConfig.of("created-later", 3, MessageType.NORMAL));
            topics.createOrUpdate(TopicConfig.of("created-first", 6, MessageType.NORMAL));

            await(() -> route("created-later") != null, "the new topic registered");
            assertEquals(3, route("created-later").getQueueDatas().get(0).getWriteQueueNums());
            await(() -> route("created-first").getQueueDatas().get(0).getWriteQueueNums() == 6,
                    "the changed topic registered");
        }
    }

    @Test
    void shouldUnregisterWhenClosed(@TempDir Path dir) throws Exception {
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("closing-orders", 4, MessageType.NORMAL)));
        BrokerRegistrar registrar = new BrokerRegistrar(config("ClosingCluster", "closing-a", "127.0.0.1:30911"),
                topics, client);
        registrar.start();
        registrar.registerAll().get(30, TimeUnit.SECONDS);
        assertNotNull(route("closing-orders"));

        registrar.close();

        // RocketMQ's NameServer takes unregistrations in batches, a moment later.
        await(() -> route("closing-orders") == null, "the routes of the closed broker dropped");
        assertNull(admin.examineBrokerClusterInfo().getClusterAddrTable().get("ClosingCluster"));
    }

    @Test
    void shouldRegisterAgainEveryIntervalSoANameServerThatLostTheBrokerGetsItBack(@TempDir Path dir)
            throws Exception {
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("again-orders", 4, MessageType.NORMAL)));
        RegistrarConfig config = config("AgainCluster", "again-a", "127.0.0.1:40911")
                .withRegisterInterval(Duration.ofMillis(200));
        try (BrokerRegistrar registrar = new BrokerRegistrar(config, topics, client)) {
            registrar.start();
            await(() -> route("again-orders") != null, "the first registration");

            // The NameServer forgets the broker (as after a restart); done when the call returns.
            nameServer.controller().getRouteInfoManager().unregisterBroker("AgainCluster", "127.0.0.1:40911",
                    "again-a", 0);

            // Only a registration after that can bring the routes back.
            await(() -> route("again-orders") != null, "the next periodic registration");
            assertEquals(Set.of("again-a"),
                    admin.examineBrokerClusterInfo().getClusterAddrTable().get("AgainCluster"));
        }
    }

    @Test
    void shouldRegisterTwentyThousandTopicsSplitOverSeveralFrames(@TempDir Path dir) throws Exception {
        List<TopicConfig> many = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(TopicConfig.of("many-" + i, 1 + i % 16, MessageType.NORMAL));
        }
        TopicRegistry topics = registryWith(dir, many);
        // About 170 bytes a topic: 1 MiB frames make four of them.
        RegistrarConfig config = config("ManyCluster", "many-a", "127.0.0.1:50911").withMaxBodyBytes(1024 * 1024);
        try (BrokerRegistrar registrar = new BrokerRegistrar(config, topics, client)) {
            registrar.start();
            registrar.registerAll().get(60, TimeUnit.SECONDS);

            Set<String> registered = admin.fetchTopicsByCLuster("ManyCluster").getTopicList();
            Set<String> expected = new TreeSet<>();
            many.forEach(t -> expected.add(t.topicName()));
            assertEquals(expected, new TreeSet<>(registered));
            assertEquals(1 + 19_999 % 16, route("many-19999").getQueueDatas().get(0).getReadQueueNums());
            assertEquals(1 + 7 % 16, route("many-7").getQueueDatas().get(0).getReadQueueNums());
        }
    }
}
