package io.capsulemq.broker.namesrv;

import org.apache.rocketmq.broker.out.BrokerOuterAPI;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.BrokerMemberGroup;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.namesrv.RegisterBrokerResult;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static io.capsulemq.broker.namesrv.ApacheTools.topic;
import static io.capsulemq.broker.namesrv.ApacheTools.topics;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The real Apache RocketMQ 5.5.0 broker-side client ({@code BrokerOuterAPI}, what a RocketMQ broker registers with)
 * registering with our NameServer, and the real admin tool ({@code DefaultMQAdminExt}, what {@code mqadmin} runs on)
 * reading what it registered: neither can tell our NameServer from RocketMQ's.
 */
class ApacheBrokerAgainstNameServerTest {
    private static final int TIMEOUT_MILLIS = 30_000;

    private static NameServer nameServer;
    private static BrokerOuterAPI broker;
    private static DefaultMQAdminExt admin;

    @BeforeAll
    static void start() {
        nameServer = new NameServer(NameServerConfig.defaults().withPort(0));
        nameServer.start();
        broker = ApacheTools.brokerOuterApi(nameServer.address());
        admin = ApacheTools.admin(nameServer.address());
    }

    @AfterAll
    static void stop() {
        admin.shutdown();
        broker.shutdown();
        nameServer.close();
    }

    private static List<RegisterBrokerResult> register(String cluster, String brokerName, String addr, long brokerId,
                                                       TopicConfigSerializeWrapper topics, boolean compressed) {
        return broker.registerBrokerAll(cluster, addr, brokerName, brokerId, addr.replaceFirst(":\\d+$", ":10912"),
                topics, List.of(), false, TIMEOUT_MILLIS, false, compressed, null, null);
    }

    @Test
    void shouldServeTheAdminToolTheRoutesARealBrokerRegistered() throws Exception {
        List<RegisterBrokerResult> results = register("RouteCluster", "route-a", "127.0.0.1:10911", 0,
                topics(topic("route-orders", 8), new TopicConfig("route-audit", 2, 4, 4)), false);
        register("RouteCluster", "route-b", "127.0.0.1:20911", 0, topics(topic("route-orders", 4)), false);

        assertEquals(1, results.size(), "one answer per NameServer");
        TopicRouteData route = admin.examineTopicRouteInfo("route-orders");
        assertEquals(List.of("route-a", "route-b"), route.getQueueDatas().stream().map(QueueData::getBrokerName)
                .sorted().toList());
        QueueData onA = route.getQueueDatas().stream().filter(q -> q.getBrokerName().equals("route-a")).findFirst()
                .orElseThrow();
        assertEquals(8, onA.getReadQueueNums());
        assertEquals(8, onA.getWriteQueueNums());
        assertEquals(6, onA.getPerm());
        BrokerData a = route.getBrokerDatas().stream().filter(b -> b.getBrokerName().equals("route-a")).findFirst()
                .orElseThrow();
        assertEquals("RouteCluster", a.getCluster());
        assertEquals(Map.of(0L, "127.0.0.1:10911"), a.getBrokerAddrs());
        assertEquals("127.0.0.1:10911", a.selectBrokerAddr());

        QueueData audit = admin.examineTopicRouteInfo("route-audit").getQueueDatas().get(0);
        assertEquals(List.of(2, 4, 4), List.of(audit.getReadQueueNums(), audit.getWriteQueueNums(), audit.getPerm()));

        ClusterInfo clusters = admin.examineBrokerClusterInfo();
        assertEquals(Set.of("route-a", "route-b"), clusters.getClusterAddrTable().get("RouteCluster"));
        assertEquals("127.0.0.1:20911", clusters.getBrokerAddrTable().get("route-b").getBrokerAddrs().get(0L));
        assertTrue(admin.fetchAllTopicList().getTopicList().containsAll(Set.of("route-orders", "route-audit")));
        assertEquals(Set.of("route-orders", "route-audit"),
                admin.fetchTopicsByCLuster("RouteCluster").getTopicList());
        assertEquals(Set.of("RouteCluster"), admin.getTopicClusterList("route-orders"));
    }

    @Test
    void shouldAnswerTopicNotExistToTheAdminToolForAnUnknownTopic() {
        MQClientException refused = assertThrows(MQClientException.class,
                () -> admin.examineTopicRouteInfo("no-such-topic"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, refused.getResponseCode());
    }

    @ParameterizedTest(name = "compressed={0}")
    @ValueSource(booleans = {false, true})
    void shouldTakeTwentyThousandTopicsFromARealBrokerInOneRegistration(boolean compressed) throws Exception {
        String prefix = compressed ? "zipped-" : "plain-";
        ConcurrentMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            table.put(prefix + i, topic(prefix + i, 1 + i % 16));
        }
        String cluster = compressed ? "ZippedCluster" : "PlainCluster";

        List<RegisterBrokerResult> results = register(cluster, prefix + "broker", "127.0.0.1:30911", 0,
                ApacheTools.wrap(table), compressed);

        assertEquals(1, results.size());
        Set<String> registered = admin.fetchTopicsByCLuster(cluster).getTopicList();
        assertEquals(new TreeSet<>(table.keySet()), new TreeSet<>(registered));
        TopicRouteData route = admin.examineTopicRouteInfo(prefix + "12345");
        assertEquals(1 + 12345 % 16, route.getQueueDatas().get(0).getWriteQueueNums());
    }

    @Test
    void shouldTellARealBrokerWhetherItMustRegisterAgain() {
        TopicConfigSerializeWrapper topics = topics(topic("version-orders", 4));
        register("VersionCluster", "version-a", "127.0.0.1:40911", 0, topics, false);

        List<Boolean> same = broker.needRegister("VersionCluster", "127.0.0.1:40911", "version-a", 0, topics,
                TIMEOUT_MILLIS, false);
        topics.getDataVersion().nextVersion();
        List<Boolean> changed = broker.needRegister("VersionCluster", "127.0.0.1:40911", "version-a", 0, topics,
                TIMEOUT_MILLIS, false);

        assertEquals(List.of(), same, "the NameServer holds this data version: nothing to register");
        assertEquals(List.of(true), changed);
    }

    @Test
    void shouldTellARealSlaveWhereItsMasterIs() {
        register("SlaveCluster", "slave-a", "127.0.0.1:50911", 0, topics(topic("slave-orders", 4)), false);

        List<RegisterBrokerResult> results = register("SlaveCluster", "slave-a", "127.0.0.1:50921", 1,
                topics(topic("slave-orders", 4)), false);

        assertEquals("127.0.0.1:50911", results.get(0).getMasterAddr());
        assertEquals("127.0.0.1:10912", results.get(0).getHaServerAddr());
    }

    @Test
    void shouldAnswerARealBrokerAskingForItsMemberGroup() throws Exception {
        register("GroupCluster", "group-a", "127.0.0.1:60911", 0, topics(topic("group-orders", 4)), false);
        register("GroupCluster", "group-a", "127.0.0.1:60921", 1, topics(topic("group-orders", 4)), false);

        BrokerMemberGroup group = broker.getBrokerMemberGroup("GroupCluster", "group-a");

        assertEquals("group-a", group.getBrokerName());
        assertEquals(Map.of(0L, "127.0.0.1:60911", 1L, "127.0.0.1:60921"), new HashMap<>(group.getBrokerAddrs()));
    }

    @Test
    void shouldTakeOneTopicARealBrokerRegistersOnItsOwn() throws Exception {
        register("SingleCluster", "single-a", "127.0.0.1:11911", 0, topics(topic("single-first", 4)), false);

        broker.registerSingleTopicAll("single-a", new TopicConfig("single-second", 3, 3, 6), TIMEOUT_MILLIS);

        TopicRouteData route = admin.examineTopicRouteInfo("single-second");
        assertEquals(3, route.getQueueDatas().get(0).getReadQueueNums());
        assertEquals("127.0.0.1:11911", route.getBrokerDatas().get(0).getBrokerAddrs().get(0L));
    }

    @Test
    void shouldForgetARealBrokerThatUnregisters() throws Exception {
        register("LeavingCluster", "leaving-a", "127.0.0.1:12911", 0, topics(topic("leaving-orders", 4)), false);
        assertNotNull(admin.examineTopicRouteInfo("leaving-orders"));

        broker.unregisterBrokerAll("LeavingCluster", "127.0.0.1:12911", "leaving-a", 0);

        MQClientException gone = assertThrows(MQClientException.class,
                () -> admin.examineTopicRouteInfo("leaving-orders"));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, gone.getResponseCode());
        assertNull(admin.examineBrokerClusterInfo().getClusterAddrTable().get("LeavingCluster"));
    }

    @Test
    void shouldLetTheAdminToolDeleteATopicAndChangeWritePermissions() throws Exception {
        register("AdminCluster", "admin-a", "127.0.0.1:13911", 0,
                topics(topic("admin-orders", 4), topic("admin-audit", 2)), false);

        assertEquals(2, admin.wipeWritePermOfBroker(nameServer.address(), "admin-a"));
        assertEquals(4, admin.examineTopicRouteInfo("admin-orders").getQueueDatas().get(0).getPerm());
        assertEquals(2, admin.addWritePermOfBroker(nameServer.address(), "admin-a"));
        assertEquals(6, admin.examineTopicRouteInfo("admin-audit").getQueueDatas().get(0).getPerm());

        admin.deleteTopicInNameServer(Set.of(nameServer.address()), "AdminCluster", "admin-audit");

        assertEquals(Set.of("admin-orders"), admin.fetchTopicsByCLuster("AdminCluster").getTopicList());
    }

    @Test
    void shouldKeepTheKeyValueConfigurationTheAdminToolWrites() throws Exception {
        admin.createAndUpdateKvConfig("ORDER_TOPIC_CONFIG", "kv-orders", "kv-a:8;kv-b:8");
        admin.createAndUpdateKvConfig("ORDER_TOPIC_CONFIG", "kv-audit", "kv-a:2");

        assertEquals("kv-a:8;kv-b:8", admin.getKVConfig("ORDER_TOPIC_CONFIG", "kv-orders"));
        assertEquals(Map.of("kv-orders", "kv-a:8;kv-b:8", "kv-audit", "kv-a:2"),
                admin.getKVListByNamespace("ORDER_TOPIC_CONFIG").getTable());

        admin.deleteKvConfig("ORDER_TOPIC_CONFIG", "kv-audit");

        assertEquals(Map.of("kv-orders", "kv-a:8;kv-b:8"), admin.getKVListByNamespace("ORDER_TOPIC_CONFIG").getTable());
        // The ordered-topic configuration goes back to every registering broker.
        RegisterBrokerResult result = register("KvCluster", "kv-a", "127.0.0.1:14911", 0,
                topics(topic("kv-orders", 8)), false).get(0);
        assertEquals("kv-a:8;kv-b:8", result.getKvTable().getTable().get("kv-orders"));
    }
}
