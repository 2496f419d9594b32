package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.BrokerData;
import io.capsulemq.broker.namesrv.wire.ClusterInfo;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.KvTable;
import io.capsulemq.broker.namesrv.wire.QueueData;
import io.capsulemq.broker.namesrv.wire.TopicList;
import io.capsulemq.broker.namesrv.wire.TopicRouteData;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.capsulemq.broker.namesrv.NameServerFixture.CLUSTER;
import static io.capsulemq.broker.namesrv.NameServerFixture.register;
import static io.capsulemq.broker.namesrv.NameServerFixture.topic;
import static io.capsulemq.broker.namesrv.NameServerFixture.topics;
import static io.capsulemq.broker.namesrv.NameServerFixture.unregister;
import static org.junit.jupiter.api.Assertions.*;

class NameServerRoutesTest {
    private static final String ADDR_A = "127.0.0.1:10911";
    private static final String ADDR_B = "127.0.0.1:20911";

    private final NameServerFixture ns = new NameServerFixture();

    @AfterEach
    void close() {
        ns.close();
    }

    private void registerOk(RemotingCommand request) {
        RemotingCommand response = ns.call(request);
        assertEquals(ResponseCode.SUCCESS, response.code(), response::toString);
    }

    @Test
    void shouldAnswerTheRouteOfARegisteredTopic() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8), topic("audit", 2))));
        registerOk(register("broker-b", ADDR_B, 0, topics(topic("orders", 4))));

        TopicRouteData route = ns.route("orders").orElseThrow();
        assertEquals(List.of(new QueueData("broker-a", 8, 8, 6, 0), new QueueData("broker-b", 4, 4, 6, 0)),
                route.queueDatas());
        assertEquals(List.of(new BrokerData(CLUSTER, "broker-a", Map.of(0L, ADDR_A), null, false),
                new BrokerData(CLUSTER, "broker-b", Map.of(0L, ADDR_B), null, false)), route.brokerDatas());
        assertEquals(Map.of(), route.filterServerTable());
        assertEquals(List.of("broker-a"), ns.route("audit").orElseThrow().brokerDatas().stream()
                .map(BrokerData::brokerName).toList());
    }

    @Test
    void shouldWriteRouteFieldsAsRocketMqClientsReadThem() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        RemotingCommand response = ns.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", "orders").build());
        String json = new String(response.body(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"queueDatas\":[{\"brokerName\":\"broker-a\",\"readQueueNums\":8,"
                + "\"writeQueueNums\":8,\"perm\":6,\"topicSysFlag\":0}]"), json);
        assertTrue(json.contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}"), json);
        assertTrue(json.contains("\"filterServerTable\":{}"), json);
        assertFalse(json.contains("null"), json);
    }

    @Test
    void shouldAnswerTopicNotExistForATopicNoBrokerHolds() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        RemotingCommand response = ns.call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", "missing").build());
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, response.code());
        assertTrue(response.remark().contains("missing"), response.remark());
    }

    @Test
    void shouldListClustersAndTopics() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8), topic("audit", 2))));
        RemotingCommand other = NameServerFixture.registerBuilder("broker-x", "127.0.0.1:30911", 0,
                        WireJson.encode(new io.capsulemq.broker.namesrv.wire.RegisterBrokerBody(
                                new io.capsulemq.broker.namesrv.wire.TopicConfigSerializeWrapper(
                                        topics(topic("elsewhere", 1)), null), List.of())))
                .extField("clusterName", "OtherCluster").build();
        registerOk(other);

        ClusterInfo info = ns.clusterInfo();
        assertEquals(Map.of(CLUSTER, Set.of("broker-a"), "OtherCluster", Set.of("broker-x")),
                info.clusterAddrTable());
        assertEquals(Map.of(0L, ADDR_A), info.brokerAddrTable().get("broker-a").brokerAddrs());
        assertEquals(Set.of("orders", "audit", "elsewhere"), ns.allTopics().topicList());

        RemotingCommand byCluster = ns.call(RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER)
                .extField("cluster", CLUSTER).build());
        assertEquals(Set.of("orders", "audit"), WireJson.decode(byCluster.body(), TopicList.class).topicList());
        RemotingCommand unknownCluster = ns.call(RemotingCommand.request(RequestCode.GET_TOPICS_BY_CLUSTER)
                .extField("cluster", "NoSuchCluster").build());
        assertEquals(Set.of(), WireJson.decode(unknownCluster.body(), TopicList.class).topicList());

        RemotingCommand system = ns.call(RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS).build());
        TopicList systemList = WireJson.decode(system.body(), TopicList.class);
        assertEquals(Set.of(CLUSTER, "broker-a", "OtherCluster", "broker-x"), systemList.topicList());
        assertNotNull(systemList.brokerAddr());
    }

    @Test
    void shouldKeepTopicsOfEarlierRegistrationsAndApplyChanges() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("first", 8), topic("second", 8))));
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("second", 2), topic("third", 1))));

        assertEquals(Set.of("first", "second", "third"), ns.allTopics().topicList());
        assertEquals(2, ns.route("second").orElseThrow().queueDatas().get(0).writeQueueNums());
    }

    @Test
    void shouldGiveASlaveItsMasterAndTakeNoTopicsFromIt() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        RemotingCommand response = ns.call(register("broker-a", "127.0.0.1:10921", 1,
                topics(topic("orders", 8), topic("slave-only", 1))));

        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals(ADDR_A, response.extField("masterAddr"));
        assertEquals("127.0.0.1:10912", response.extField("haServerAddr"));
        assertTrue(ns.route("slave-only").isEmpty());
        assertEquals(Map.of(0L, ADDR_A, 1L, "127.0.0.1:10921"),
                ns.route("orders").orElseThrow().brokerDatas().get(0).brokerAddrs());
    }

    @Test
    void shouldDropABrokersRoutesWhenItUnregisters() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8), topic("audit", 2))));
        registerOk(register("broker-b", ADDR_B, 0, topics(topic("orders", 4))));

        assertEquals(ResponseCode.SUCCESS, ns.call(unregister("broker-a", ADDR_A, 0)).code());

        assertTrue(ns.route("audit").isEmpty());
        assertEquals(List.of("broker-b"), ns.route("orders").orElseThrow().queueDatas().stream()
                .map(QueueData::brokerName).toList());
        assertEquals(Set.of("broker-b"), ns.clusterInfo().clusterAddrTable().get(CLUSTER));
        assertFalse(ns.clusterInfo().brokerAddrTable().containsKey("broker-a"));
    }

    @Test
    void shouldRefuseARegistrationWhoseBodyDoesNotMatchItsChecksum() {
        RemotingCommand good = register("broker-a", ADDR_A, 0, topics(topic("orders", 8)));
        RemotingCommand corrupt = good.toBuilder().extField("bodyCrc32", "12345").build();

        RemotingCommand response = ns.call(corrupt);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertEquals("crc32 not match", response.remark());
        assertTrue(ns.route("orders").isEmpty());
    }

    @Test
    void shouldRefuseARegistrationMissingAHeaderFieldAndSayWhich() {
        RemotingCommand request = register("broker-a", ADDR_A, 0, topics(topic("orders", 8))).toBuilder()
                .extField("brokerAddr", null).build();

        RemotingCommand response = ns.call(request);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("brokerAddr"), response.remark());
        assertTrue(ns.route("orders").isEmpty());
    }

    /**
     * The compressed body a RocketMQ 4.9 broker sends with {@code compressedRegister=true}: a zlib stream of the data
     * version, the topic count, each topic as its space-separated text (no attributes before 5.0), and the filter
     * servers; the header says {@code compressed=true}. (5.x adds a static-topic count at the end and says false.)
     */
    @Test
    void shouldReadTheCompressedRegistrationOfARocketMq49Broker() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.util.zip.DeflaterOutputStream(bytes))) {
            writePart(out, "{\"counter\":7,\"timestamp\":1700000000000}");
            out.writeInt(2);
            writePart(out, "orders 8 8 6 SINGLE_TAG");
            writePart(out, "audit 2 4 4 SINGLE_TAG");
            writePart(out, "[]");
        }
        RemotingCommand request = NameServerFixture.registerBuilder("broker-a", ADDR_A, 0, bytes.toByteArray())
                .version(373).extField("compressed", "true").build();

        registerOk(request);

        assertEquals(List.of(new QueueData("broker-a", 8, 8, 6, 0)), ns.route("orders").orElseThrow().queueDatas());
        assertEquals(List.of(new QueueData("broker-a", 2, 4, 4, 0)), ns.route("audit").orElseThrow().queueDatas());
    }

    @Test
    void shouldRefuseACompressedRegistrationThatEndsEarly() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                new java.util.zip.DeflaterOutputStream(bytes))) {
            writePart(out, "{\"counter\":7,\"timestamp\":1700000000000}");
            out.writeInt(3);
            writePart(out, "orders 8 8 6 SINGLE_TAG");
        }
        RemotingCommand request = NameServerFixture.registerBuilder("broker-a", ADDR_A, 0, bytes.toByteArray())
                .extField("compressed", "true").build();

        RemotingCommand response = ns.call(request);

        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("ends early"), response.remark());
        assertTrue(ns.route("orders").isEmpty());
    }

    private static void writePart(java.io.DataOutputStream out, String text) throws java.io.IOException {
        byte[] part = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(part.length);
        out.write(part);
    }

    @Test
    void shouldTakeTheZoneABrokerNames() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))).toBuilder()
                .extField("__ZONE_NAME", "zone-1").build());
        assertEquals("zone-1", ns.route("orders").orElseThrow().brokerDatas().get(0).zoneName());
    }

    @Test
    void shouldRefuseARegistrationWhoseBodyIsNotJson() {
        byte[] body = "{\"topicConfigSerializeWrapper\":".getBytes(StandardCharsets.UTF_8);
        RemotingCommand response = ns.call(NameServerFixture.registerBuilder("broker-a", ADDR_A, 0, body).build());
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("RegisterBrokerBody"), response.remark());
    }

    @Test
    void shouldDeleteATopicInOneClusterOrEverywhere() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8), topic("audit", 2))));
        RemotingCommand other = NameServerFixture.registerBuilder("broker-x", "127.0.0.1:30911", 0,
                        WireJson.encode(new io.capsulemq.broker.namesrv.wire.RegisterBrokerBody(
                                new io.capsulemq.broker.namesrv.wire.TopicConfigSerializeWrapper(
                                        topics(topic("orders", 1)), null), List.of())))
                .extField("clusterName", "OtherCluster").build();
        registerOk(other);

        registerOk(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).extField("topic", "orders")
                .extField("clusterName", CLUSTER).build());
        assertEquals(List.of("broker-x"), ns.route("orders").orElseThrow().queueDatas().stream()
                .map(QueueData::brokerName).toList());

        registerOk(RemotingCommand.request(RequestCode.DELETE_TOPIC_IN_NAMESRV).extField("topic", "audit").build());
        assertTrue(ns.route("audit").isEmpty());
        assertEquals(Set.of("orders"), ns.allTopics().topicList());
    }

    @Test
    void shouldWipeAndRestoreABrokersWritePermission() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8), topic("audit", 2))));

        RemotingCommand wiped = ns.call(RemotingCommand.request(RequestCode.WIPE_WRITE_PERM_OF_BROKER)
                .extField("brokerName", "broker-a").build());
        assertEquals("2", wiped.extField("wipeTopicCount"));
        assertEquals(4, ns.route("orders").orElseThrow().queueDatas().get(0).perm());

        RemotingCommand restored = ns.call(RemotingCommand.request(RequestCode.ADD_WRITE_PERM_OF_BROKER)
                .extField("brokerName", "broker-a").build());
        assertEquals("2", restored.extField("addTopicCount"));
        assertEquals(6, ns.route("audit").orElseThrow().queueDatas().get(0).perm());
    }

    @Test
    void shouldRegisterOneTopicsQueuesOnARegisteredBrokerOnly() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        byte[] route = "{\"queueDatas\":[{\"brokerName\":\"broker-a\",\"readQueueNums\":3,\"writeQueueNums\":3,\"perm\":6,\"topicSysFlag\":0}]}"
                .getBytes(StandardCharsets.UTF_8);
        registerOk(RemotingCommand.request(RequestCode.REGISTER_TOPIC_IN_NAMESRV).extField("topic", "single")
                .body(route).build());
        assertEquals(3, ns.route("single").orElseThrow().queueDatas().get(0).readQueueNums());

        byte[] unknown = new String(route, StandardCharsets.UTF_8).replace("broker-a", "broker-z")
                .getBytes(StandardCharsets.UTF_8);
        RemotingCommand refused = ns.call(RemotingCommand.request(RequestCode.REGISTER_TOPIC_IN_NAMESRV)
                .extField("topic", "ghost").body(unknown).build());
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.code());
        assertTrue(refused.remark().contains("broker-z"), refused.remark());
        assertTrue(ns.route("ghost").isEmpty());
    }

    // Found by the fuzzer: a body of JSON's null read as no route and failed with a NullPointerException.
    @Test
    void shouldRefuseATopicRouteThatIsNull() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));

        RemotingCommand refused = ns.call(RemotingCommand.request(RequestCode.REGISTER_TOPIC_IN_NAMESRV)
                .extField("topic", "nothing").body("null".getBytes(StandardCharsets.UTF_8)).build());

        assertEquals(ResponseCode.SYSTEM_ERROR, refused.code());
        assertTrue(refused.remark().contains("TopicRouteData body is null"), refused.remark());
        assertTrue(ns.route("nothing").isEmpty());
    }

    // Found by the fuzzer: bytes read as UTF-32 text that is not failed with an UncheckedIOException.
    @Test
    void shouldRefuseADataVersionInNoTextEncoding() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));

        RemotingCommand refused = ns.call(RemotingCommand.request(RequestCode.QUERY_DATA_VERSION)
                .extField("brokerName", "broker-a").extField("brokerAddr", ADDR_A)
                .extField("clusterName", CLUSTER).extField("brokerId", "0")
                .body(new byte[] {0, 0, 0, '{', 0x3d, 0x5b, 0x75, 0x30}).build());

        assertEquals(ResponseCode.SYSTEM_ERROR, refused.code());
        assertTrue(refused.remark().startsWith("QUERY_DATA_VERSION: the body is not a valid DataVersion"),
                refused.remark());
    }

    @Test
    void shouldTellABrokerWhetherItsDataVersionChanged() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        DataVersion registered = new DataVersion(0, 1_000, 1);

        RemotingCommand same = ns.call(queryDataVersion(registered));
        assertEquals("false", same.extField("changed"));
        assertEquals(registered, WireJson.decode(same.body(), DataVersion.class));

        assertEquals("true", ns.call(queryDataVersion(new DataVersion(0, 2_000, 2))).extField("changed"));
    }

    private static RemotingCommand queryDataVersion(DataVersion version) {
        return RemotingCommand.request(RequestCode.QUERY_DATA_VERSION)
                .extField("brokerName", "broker-a").extField("brokerAddr", ADDR_A)
                .extField("clusterName", CLUSTER).extField("brokerId", "0")
                .body(WireJson.encode(version)).build();
    }

    @Test
    void shouldAnswerBrokerMemberGroup() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        RemotingCommand response = ns.call(RemotingCommand.request(NamesrvRequestCode.GET_BROKER_MEMBER_GROUP)
                .extField("clusterName", CLUSTER).extField("brokerName", "broker-a").build());
        String json = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals("{\"brokerMemberGroup\":{\"cluster\":\"DefaultCluster\",\"brokerName\":\"broker-a\","
                + "\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}}}", json);
    }

    @Test
    void shouldKeepKeyValueConfigurationAcrossRestartsWhenGivenAFile(@TempDir Path dir) {
        Path file = dir.resolve("kvConfig.json");
        NameServerConfig config = NameServerConfig.defaults().withPort(0).withKvConfigFile(file);
        try (NameServerFixture first = new NameServerFixture(config)) {
            assertEquals(ResponseCode.SUCCESS, first.call(putKv("ORDER_TOPIC_CONFIG", "orders", "broker-a:8")).code());
            assertEquals(ResponseCode.SUCCESS, first.call(putKv("ORDER_TOPIC_CONFIG", "gone", "x")).code());
            assertEquals(ResponseCode.SUCCESS, first.call(RemotingCommand.request(RequestCode.DELETE_KV_CONFIG)
                    .extField("namespace", "ORDER_TOPIC_CONFIG").extField("key", "gone").build()).code());
        }
        try (NameServerFixture second = new NameServerFixture(config)) {
            RemotingCommand value = second.call(getKv("ORDER_TOPIC_CONFIG", "orders"));
            assertEquals(ResponseCode.SUCCESS, value.code());
            assertEquals("broker-a:8", value.extField("value"));
            assertEquals(ResponseCode.QUERY_NOT_FOUND, second.call(getKv("ORDER_TOPIC_CONFIG", "gone")).code());

            RemotingCommand list = second.call(RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE)
                    .extField("namespace", "ORDER_TOPIC_CONFIG").build());
            assertEquals(Map.of("orders", "broker-a:8"), WireJson.decode(list.body(), KvTable.class).table());
            // A registering broker is handed the ordered-topic configuration, as RocketMQ's NameServer hands it.
            RemotingCommand registered = second.call(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
            assertEquals(Map.of("orders", "broker-a:8"), WireJson.decode(registered.body(), KvTable.class).table());
        }
        assertTrue(java.nio.file.Files.exists(file));
    }

    @Test
    void shouldAnswerQueryNotFoundForAnUnknownNamespace() {
        RemotingCommand list = ns.call(RemotingCommand.request(RequestCode.GET_KVLIST_BY_NAMESPACE)
                .extField("namespace", "NOPE").build());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, list.code());
    }

    private static RemotingCommand putKv(String namespace, String key, String value) {
        return RemotingCommand.request(RequestCode.PUT_KV_CONFIG).extField("namespace", namespace)
                .extField("key", key).extField("value", value).build();
    }

    private static RemotingCommand getKv(String namespace, String key) {
        return RemotingCommand.request(RequestCode.GET_KV_CONFIG).extField("namespace", namespace)
                .extField("key", key).build();
    }
}
