package io.capsulemq.broker.standalone;

import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class BrokerConfFileTest {
    /** conf/broker.conf as Apache RocketMQ's distribution ships it (one of its versions adds the last two keys). */
    private static final String DISTRIBUTION_BROKER_CONF = """
            # Licensed to the Apache Software Foundation (ASF) under one or more contributor license agreements.

            brokerClusterName = DefaultCluster
            brokerName = broker-a
            brokerId = 0
            deleteWhen = 04
            fileReservedTime = 48
            brokerRole = ASYNC_MASTER
            flushDiskType = ASYNC_FLUSH
            enableAcl=true
            namesrvAddr=127.0.0.1:9876
            """;

    /** conf/2m-2s-sync/broker-a.properties of the distribution. */
    private static final String DISTRIBUTION_SYNC_MASTER = """
            brokerClusterName=DefaultCluster
            brokerName=broker-a
            brokerId=0
            deleteWhen=04
            fileReservedTime=48
            brokerRole=SYNC_MASTER
            flushDiskType=ASYNC_FLUSH
            """;

    /** conf/2m-2s-async/broker-a-s.properties of the distribution: a slave. */
    private static final String DISTRIBUTION_SLAVE = """
            brokerClusterName=DefaultCluster
            brokerName=broker-a
            brokerId=1
            deleteWhen=04
            fileReservedTime=48
            brokerRole=SLAVE
            flushDiskType=ASYNC_FLUSH
            """;

    @TempDir
    Path dir;

    private Path write(String content) throws Exception {
        Path file = dir.resolve("broker.conf");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldStartFromTheBrokerConfRocketMqShips() throws Exception {
        StandaloneSettings settings = BrokerConfFile.read(write(DISTRIBUTION_BROKER_CONF));

        BrokerConfig broker = settings.broker();
        assertEquals("DefaultCluster", broker.clusterName());
        assertEquals("broker-a", broker.brokerName());
        assertEquals(Duration.ofHours(48), settings.store().fileReservedTime());
        assertEquals(FlushMode.ASYNC, settings.store().flushMode());
        assertEquals(List.of("127.0.0.1:9876"), settings.nameServers(), "namesrvAddr names the embedded NameServer");
        assertEquals(9876, settings.nameServerPort());
        assertEquals("127.0.0.1:10911", settings.brokerAddr());
        assertEquals(2, settings.warnings().size(), settings.warnings().toString());
        assertTrue(settings.warnings().get(0).startsWith("deleteWhen=04 is ignored"), settings.warnings().toString());
        assertTrue(settings.warnings().get(1).startsWith("enableAcl=true is ignored: Capsule has no access control"),
                settings.warnings().toString());
    }

    @Test
    void shouldRunASyncMasterOfTheDistributionAsASingleMasterAndSaySo() throws Exception {
        StandaloneSettings settings = BrokerConfFile.read(write(DISTRIBUTION_SYNC_MASTER));

        assertEquals("broker-a", settings.broker().brokerName());
        assertTrue(settings.warnings().stream().anyMatch(w -> w.startsWith("brokerRole=SYNC_MASTER")),
                settings.warnings().toString());
    }

    @Test
    void shouldRefuseASlaveOfTheDistribution() throws Exception {
        BrokerConfException refused = assertThrows(BrokerConfException.class,
                () -> BrokerConfFile.read(write(DISTRIBUTION_SLAVE)));

        assertEquals("brokerId", refused.key());
        assertEquals("1", refused.value());
        assertTrue(refused.getMessage().contains("brokerId=1") && refused.getMessage().contains("single master"),
                refused.getMessage());
    }

    @Test
    void shouldServeAnEngineConfiguredElsewhereAtTheGivenPortsAndStampItsAddressOnMessages() {
        BrokerConfig engine = BrokerConfig.builder(StoreConfig.builder(dir).flushMode(FlushMode.SYNC).build())
                .brokerName("in-server").build();

        StandaloneSettings settings = BrokerConfFile.network(engine, Map.of("listenPort", "20911",
                "namesrvListenPort", "29876", "namesrvAddr", "10.0.0.7:9876"));

        assertEquals("in-server", settings.broker().brokerName());
        assertEquals(FlushMode.SYNC, settings.store().flushMode());
        assertEquals(dir, settings.store().rootDir());
        assertEquals(20911, settings.brokerPort());
        assertEquals(29876, settings.nameServerPort());
        assertEquals(20911, settings.store().storeHostPort());
        assertArrayEquals(new byte[] {127, 0, 0, 1}, settings.store().storeHostAddress());
        assertEquals("127.0.0.1:20911", settings.brokerAddr());
        assertEquals(List.of("10.0.0.7:9876", "127.0.0.1:29876"), settings.nameServers());
        assertEquals(List.of(), settings.warnings());
    }

    @Test
    void shouldRefuseAnEngineSettingWhereOnlyNetworkSettingsAreTaken() {
        BrokerConfig engine = BrokerConfig.builder(StoreConfig.builder(dir).build()).build();

        BrokerConfException refused = assertThrows(BrokerConfException.class, () -> BrokerConfFile.network(engine,
                Map.of("listenPort", "20911", "flushDiskType", "SYNC_FLUSH")));

        assertEquals("flushDiskType", refused.key());
        assertEquals("is not a network setting", refused.reason());
    }

    @Test
    void shouldRunWithCapsulesDefaultsWhenGivenNoFile() {
        StandaloneSettings settings = BrokerConfFile.defaults();

        assertEquals("127.0.0.1", settings.brokerServer().host());
        assertEquals(10911, settings.brokerPort());
        assertEquals(9876, settings.nameServerPort());
        assertEquals("127.0.0.1", settings.nameServer().orElseThrow().server().host());
        assertEquals("127.0.0.1:10911", settings.brokerAddr());
        assertEquals(List.of("127.0.0.1:9876"), settings.nameServers());
        assertEquals(Path.of("capsule-data").toAbsolutePath(), settings.store().rootDir());
        assertEquals(settings.store().rootDir().resolve("namesrv").resolve("kvConfig.json"),
                settings.nameServer().orElseThrow().kvConfigFile());
        assertEquals(Duration.ofSeconds(30), settings.registrar().registerInterval());
        assertEquals(List.of(), settings.warnings());
    }

    @Test
    void shouldMapEverySettingCapsuleHas() {
        Path root = dir.resolve("store");
        Map<String, String> conf = new HashMap<>();
        conf.put("brokerClusterName", "Payments");
        conf.put("brokerName", "pay-a");
        conf.put("brokerId", "0");
        conf.put("brokerRole", "ASYNC_MASTER");
        conf.put("listenPort", "20911");
        conf.put("bindAddress", "0.0.0.0");
        conf.put("brokerIP1", "10.1.2.3");
        conf.put("serverSelectorThreads", "2");
        conf.put("serverChannelMaxIdleTimeSeconds", "60");
        conf.put("namesrvListenPort", "19876");
        conf.put("namesrvAddr", "10.0.0.1:9876;10.0.0.2:9876");
        conf.put("registerNameServerPeriod", "10000");
        conf.put("registerBrokerTimeoutMills", "3000");
        conf.put("storePathRootDir", root.toString());
        conf.put("storePathCommitLog", root.resolve("commitlog").toString());
        conf.put("storePathConsumeQueue", root.resolve("consumequeue").toString());
        conf.put("storePathIndex", root.resolve("index").toString());
        conf.put("flushDiskType", "SYNC_FLUSH");
        conf.put("mappedFileSizeCommitLog", "268435456");
        conf.put("mappedFileSizeConsumeQueue", "6000");
        conf.put("maxMessageSize", "1048576");
        conf.put("fileReservedTime", "12");
        conf.put("diskMaxUsedSpaceRatio", "70");
        conf.put("diskSpaceWarningLevelRatio", "92");
        conf.put("flushIntervalCommitLog", "200");
        conf.put("syncFlushTimeout", "3000");
        conf.put("flushIntervalConsumeQueue", "2000");
        conf.put("cleanResourceInterval", "20000");
        conf.put("maxHashSlotNum", "1000");
        conf.put("maxIndexNum", "4000");
        conf.put("autoCreateTopicEnable", "FALSE");
        conf.put("autoCreateSubscriptionGroup", "false");
        conf.put("defaultTopicQueueNums", "4");
        conf.put("transactionTimeOut", "3000");
        conf.put("transactionCheckInterval", "5000");
        conf.put("transactionCheckMax", "3");
        conf.put("timerMaxDelaySec", "3600");
        conf.put("channelExpiredTimeout", "60000");
        conf.put("flushConsumerOffsetInterval", "1000");

        StandaloneSettings settings = BrokerConfFile.parse(conf);

        assertEquals(List.of(), settings.warnings());
        assertEquals("0.0.0.0", settings.brokerServer().host());
        assertEquals(20911, settings.brokerPort());
        assertEquals(2, settings.brokerServer().ioThreads());
        assertEquals(Duration.ofSeconds(60), settings.brokerServer().idleTimeout());
        assertEquals("10.1.2.3:20911", settings.brokerAddr());
        assertEquals(19876, settings.nameServerPort());
        assertEquals("0.0.0.0", settings.nameServer().orElseThrow().server().host());
        assertEquals(List.of("10.0.0.1:9876", "10.0.0.2:9876", "127.0.0.1:19876"), settings.nameServers());
        assertEquals("Payments", settings.registrar().clusterName());
        assertEquals("pay-a", settings.registrar().brokerName());
        assertEquals("10.1.2.3:20911", settings.registrar().brokerAddr());
        assertEquals(Duration.ofSeconds(10), settings.registrar().registerInterval());
        assertEquals(Duration.ofSeconds(3), settings.registrar().requestTimeout());

        StoreConfig store = settings.store();
        assertEquals(root.toAbsolutePath(), store.rootDir());
        assertArrayEquals(new byte[] {10, 1, 2, 3}, store.storeHostAddress());
        assertEquals(20911, store.storeHostPort());
        assertEquals(FlushMode.SYNC, store.flushMode());
        assertEquals(268435456, store.commitLogSegmentSize());
        assertEquals(300, store.consumeQueueEntriesPerSegment());
        assertEquals(1048576, store.maxMessageSize());
        assertEquals(Duration.ofHours(12), store.fileReservedTime());
        assertEquals(0.70, store.diskMaxUsedRatio(), 1e-9);
        assertEquals(0.92, store.diskFullRatio(), 1e-9);
        assertEquals(Duration.ofMillis(200), store.asyncFlushInterval());
        assertEquals(Duration.ofSeconds(3), store.syncFlushTimeout());
        assertEquals(Duration.ofSeconds(2), store.queueFlushInterval());
        assertEquals(Duration.ofSeconds(20), store.cleanInterval());
        assertEquals(1000, store.indexHashSlots());
        assertEquals(4000, store.indexEntriesPerFile());

        BrokerConfig broker = settings.broker();
        assertEquals("Payments", broker.clusterName());
        assertEquals("pay-a", broker.brokerName());
        assertFalse(broker.autoCreateTopicEnable());
        assertFalse(broker.autoCreateSubscriptionGroup());
        assertEquals(4, broker.defaultTopicQueueNums());
        assertEquals(Duration.ofSeconds(3), broker.transactionTimeout());
        assertEquals(Duration.ofSeconds(5), broker.transactionCheckInterval());
        assertEquals(3, broker.transactionCheckMax());
        assertEquals(Duration.ofHours(1), broker.timerMaxDelay());
        assertEquals(Duration.ofMinutes(1), broker.clientExpiry());
        assertEquals(Duration.ofSeconds(1), broker.offsetPersistInterval());
    }

    @Test
    void shouldTakeTheRetryBackOffFromTheDelayLevelsRocketMqRetriesGoThrough() {
        StandaloneSettings settings = BrokerConfFile.parse(Map.of("messageDelayLevel", " 1s 5s  10s 30s 2m 1h 1d"));

        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofHours(1), Duration.ofDays(1)), settings.broker().retryBackoff());
        assertEquals(1, settings.warnings().size());
        assertTrue(settings.warnings().get(0).startsWith("messageDelayLevel sets the retry back-off only"),
                settings.warnings().get(0));

        assertEquals(List.of(Duration.ofSeconds(3)), BrokerConfFile.parse(Map.of("messageDelayLevel", "2s 3s"))
                .broker().retryBackoff(), "with fewer than three levels every retry waits the last one");
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30)), BrokerConfFile.defaults().broker()
                .retryBackoff().subList(0, 2), "without the key, RocketMQ's default levels");
    }

    @Test
    void shouldReportUnknownKeysByNameAndIgnoreThem() {
        StandaloneSettings settings = BrokerConfFile.parse(Map.of("brokerName", "broker-a",
                "brokerPermission", "4", "someTypo", "1"));

        assertEquals("broker-a", settings.broker().brokerName());
        assertEquals(List.of("unknown key brokerPermission is ignored", "unknown key someTypo is ignored"),
                settings.warnings());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "listenPort | abc | is not a whole number",
            "listenPort | 70000 | out of range",
            "listenPort | 0 | out of range",
            "namesrvListenPort | 10911 | also the broker's listenPort",
            "flushDiskType | FAST_FLUSH | not one of [ASYNC_FLUSH, SYNC_FLUSH]",
            "brokerRole | MASTER | not one of [ASYNC_MASTER, SYNC_MASTER, SLAVE]",
            "autoCreateTopicEnable | yes | neither true nor false",
            "brokerIP1 | broker.example.com | not an IP address",
            "bindAddress | 300.1.1.1 | not an IP address",
            "namesrvAddr | 10.0.0.1 | not host:port",
            "namesrvAddr | 10.0.0.1:9876;10.0.0.1:9876 | names a NameServer twice",
            "fileReservedTime | 0 | too short",
            "fileReservedTime | -4 | out of range",
            "diskMaxUsedSpaceRatio | 150 | out of range",
            "mappedFileSizeConsumeQueue | 6001 | not a multiple of the 20-byte consume queue entry",
            "mappedFileSizeCommitLog | 1024 | out of range",
            "storePathCommitLog | /elsewhere/commitlog | not supported",
            "transactionTimeOut | soon | not a whole number",
            "defaultTopicQueueNums | 0 | out of range",
            "brokerName | '' | must not be empty",
            "messageDelayLevel | 1s 5x 10s | level '5x', which is not a whole number followed by s, m, h or d",
            "messageDelayLevel | 1s m | level 'm'",
            "messageDelayLevel | 1s -5s | level '-5s'",
    })
    void shouldStopOnABadValueNamingTheKeyAndTheValue(String key, String value, String reason) {
        BrokerConfException refused = assertThrows(BrokerConfException.class,
                () -> BrokerConfFile.parse(Map.of(key, value)));

        assertEquals(key, refused.key());
        assertEquals(value, refused.value());
        assertTrue(refused.getMessage().startsWith("broker.conf: " + key + "=" + value + " "), refused.getMessage());
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }

    @Test
    void shouldStopWhenSegmentsCannotHoldTheLargestMessage() {
        BrokerConfException refused = assertThrows(BrokerConfException.class, () -> BrokerConfFile.parse(
                Map.of("mappedFileSizeCommitLog", "1048576", "maxMessageSize", "4194304")));

        assertEquals("mappedFileSizeCommitLog", refused.key());
        assertTrue(refused.getMessage().contains("maxMessageSize"), refused.getMessage());
    }

    @Test
    void shouldRunWithoutAnEmbeddedNameServerOnlyWhenGivenOthers() {
        StandaloneSettings settings = BrokerConfFile.parse(Map.of("namesrvListenPort", "0",
                "namesrvAddr", "10.0.0.1:9876"));
        assertTrue(settings.nameServer().isEmpty());
        assertEquals(0, settings.nameServerPort());
        assertEquals(List.of("10.0.0.1:9876"), settings.nameServers());

        BrokerConfException refused = assertThrows(BrokerConfException.class,
                () -> BrokerConfFile.parse(Map.of("namesrvListenPort", "0")));
        assertEquals("namesrvListenPort", refused.key());
        assertTrue(refused.getMessage().contains("namesrvAddr"), refused.getMessage());
    }

    @Test
    void shouldAdvertiseLoopbackWhenBoundToEveryInterfaceWithoutBrokerIp1() {
        StandaloneSettings settings = BrokerConfFile.parse(Map.of("bindAddress", "0.0.0.0"));

        assertEquals("127.0.0.1:10911", settings.brokerAddr());
        assertEquals(List.of("127.0.0.1:9876"), settings.nameServers());
    }

    @Test
    void shouldSayWhichFileItCannotRead() {
        Path missing = dir.resolve("missing.conf");
        BrokerConfException refused = assertThrows(BrokerConfException.class, () -> BrokerConfFile.read(missing));
        assertTrue(refused.getMessage().contains(missing.toString()), refused.getMessage());
        assertNull(refused.key());
    }
}
