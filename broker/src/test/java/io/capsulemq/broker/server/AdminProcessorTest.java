package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.LanguageCode;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.body.ProducerConnection;
import org.apache.rocketmq.remoting.protocol.body.SubscriptionGroupWrapper;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.header.GetConsumerRunningInfoRequestHeader;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What {@code mqadmin} asks a broker, through the real client: topics and groups, runtime information, consume and
 * topic statistics, connection lists, offset resets, broker configuration and who consumes what.
 */
class AdminProcessorTest {
    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients admin;
    private static String address;
    private static String brokerName;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        admin = RocketMqClients.start();
        address = server.clientAddress();
        brokerName = server.broker().config().brokerName();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    private static void createTopic(String name, int queues, String attributes) throws Exception {
        TopicConfig config = new TopicConfig(name, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
        if (attributes != null) {
            config.setAttributes(Map.of("+message.type", attributes));
        }
        admin.api.createTopic(address, "TBW102", config, RocketMqClients.TIMEOUT_MILLIS);
    }

    @Test
    void shouldCreateListAndDeleteTopics() throws Exception {
        createTopic("AdminTopic", 3, null);
        createTopic("AdminFifo", 2, "FIFO");

        TopicConfigSerializeWrapper all = admin.api.getAllTopicConfig(address, RocketMqClients.TIMEOUT_MILLIS);
        TopicConfig created = all.getTopicConfigTable().get("AdminTopic");
        assertNotNull(created);
        assertEquals(3, created.getReadQueueNums());
        assertEquals(3, created.getWriteQueueNums());
        assertEquals(PermName.PERM_READ | PermName.PERM_WRITE, created.getPerm());
        assertEquals("FIFO", all.getTopicConfigTable().get("AdminFifo").getAttributes().get("message.type"));
        assertEquals(MessageType.FIFO, server.broker().topics().find("AdminFifo").orElseThrow().messageType());
        assertEquals(MessageType.MIXED, server.broker().topics().find("AdminTopic").orElseThrow().messageType());

        admin.api.deleteTopicInBroker(address, "AdminTopic", RocketMqClients.TIMEOUT_MILLIS);

        TopicConfigSerializeWrapper after = admin.api.getAllTopicConfig(address, RocketMqClients.TIMEOUT_MILLIS);
        assertFalse(after.getTopicConfigTable().containsKey("AdminTopic"));
        assertNotEquals(all.getDataVersion(), after.getDataVersion(), "the data version follows the table");
    }

    @Test
    void shouldAnswerOneTopicsConfigurationAndRefuseAnUnknownOne() throws Exception {
        createTopic("AdminOne", 5, "FIFO");

        TopicConfig one = admin.api.getTopicConfig(address, "AdminOne", RocketMqClients.TIMEOUT_MILLIS);
        assertEquals("AdminOne", one.getTopicName());
        assertEquals(5, one.getWriteQueueNums());
        assertEquals("FIFO", one.getAttributes().get("message.type"));
        MQBrokerException unknown = assertThrows(MQBrokerException.class,
                () -> admin.api.getTopicConfig(address, "NoSuchTopic", RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(17, unknown.getResponseCode(), "TOPIC_NOT_EXIST");
    }

    @Test
    void shouldReadTheTopicTableInPages() throws Exception {
        for (int i = 0; i < 5; i++) {
            createTopic("AdminPaged" + i, 1, null);
        }
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.GET_ALL_TOPIC_CONFIG, null);
        request.addExtField("topicSeq", "2");
        request.addExtField("maxTopicNum", "3");

        RemotingCommand response = admin.api.getRemotingClient().invokeSync(address, request,
                RocketMqClients.TIMEOUT_MILLIS);

        TopicConfigSerializeWrapper page = TopicConfigSerializeWrapper.decode(response.getBody(),
                TopicConfigSerializeWrapper.class);
        assertEquals(3, page.getTopicConfigTable().size());
        assertEquals(Integer.toString(server.broker().topics().all().size()),
                response.getExtFields().get("totalTopicNum"));
    }

    @Test
    void shouldRefuseATopicWithoutQueuesNamingWhy() {
        MQClientException refused = assertThrows(MQClientException.class, () -> {
            RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.UPDATE_AND_CREATE_TOPIC, null);
            request.addExtField("topic", "AdminNoQueues");
            request.addExtField("readQueueNums", "0");
            request.addExtField("writeQueueNums", "0");
            request.addExtField("perm", "6");
            RemotingCommand response = admin.api.getRemotingClient().invokeSync(address, request,
                    RocketMqClients.TIMEOUT_MILLIS);
            throw new MQClientException(response.getCode(), response.getRemark());
        });

        assertEquals(ResponseCode.INVALID_PARAMETER, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("AdminNoQueues"), refused.getErrorMessage());
    }

    @Test
    void shouldCreateListAndDeleteSubscriptionGroups() throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("admin-group");
        config.setRetryMaxTimes(3);
        config.setConsumeMessageOrderly(true);

        admin.api.createSubscriptionGroup(address, config, RocketMqClients.TIMEOUT_MILLIS);

        SubscriptionGroupWrapper all = admin.api.getAllSubscriptionGroup(address, RocketMqClients.TIMEOUT_MILLIS);
        SubscriptionGroupConfig read = all.getSubscriptionGroupTable().get("admin-group");
        assertNotNull(read);
        assertEquals(3, read.getRetryMaxTimes());
        assertTrue(read.isConsumeMessageOrderly());
        assertTrue(read.isConsumeEnable());

        admin.api.deleteSubscriptionGroup(address, "admin-group", true, RocketMqClients.TIMEOUT_MILLIS);

        assertFalse(admin.api.getAllSubscriptionGroup(address, RocketMqClients.TIMEOUT_MILLIS)
                .getSubscriptionGroupTable().containsKey("admin-group"));
    }

    @Test
    void shouldAnswerOneGroupsSettingsAndCreateAnUnknownOneAsRocketMqDoes() throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName("admin-one-group");
        config.setRetryMaxTimes(5);
        config.setConsumeMessageOrderly(true);
        admin.api.createSubscriptionGroup(address, config, RocketMqClients.TIMEOUT_MILLIS);

        SubscriptionGroupConfig read = admin.api.getSubscriptionGroupConfig(address, "admin-one-group",
                RocketMqClients.TIMEOUT_MILLIS);
        assertEquals("admin-one-group", read.getGroupName());
        assertEquals(5, read.getRetryMaxTimes());
        assertTrue(read.isConsumeMessageOrderly());

        SubscriptionGroupConfig made = admin.api.getSubscriptionGroupConfig(address, "admin-made-on-read",
                RocketMqClients.TIMEOUT_MILLIS);
        assertFalse(made.isConsumeMessageOrderly());
        assertEquals(16, made.getRetryMaxTimes());
        assertTrue(server.broker().groups().find("admin-made-on-read").isPresent(), "groups are made on first use");
    }

    @Test
    void shouldTellThatAGroupDoesNotExistWhenGroupsAreNotMadeOnFirstUse() throws Exception {
        try (BrokerServer strict = TestServers.start(dir.resolve("strict-groups"),
                b -> b.autoCreateSubscriptionGroup(false))) {
            MQBrokerException refused = assertThrows(MQBrokerException.class, () -> admin.api
                    .getSubscriptionGroupConfig(strict.clientAddress(), "admin-unknown",
                            RocketMqClients.TIMEOUT_MILLIS));
            assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, refused.getResponseCode());
            assertTrue(refused.getErrorMessage().contains("admin-unknown"), refused.getErrorMessage());
        }
    }

    @Test
    void shouldReportRuntimeInfoUnderRocketMqsKeys() throws Exception {
        createTopic("AdminRuntime", 1, null);
        admin.send(address, RocketMqClients.message("AdminRuntime", null, null, "counted"), 0);

        KVTable info = admin.api.getBrokerRuntimeInfo(address, RocketMqClients.TIMEOUT_MILLIS);

        Map<String, String> table = info.getTable();
        assertTrue(Long.parseLong(table.get("msgPutTotalTodayNow")) >= 1, table.toString());
        assertEquals(3, table.get("putTps").split(" ").length, table.get("putTps"));
        assertTrue(Long.parseLong(table.get("commitLogMaxOffset")) > 0);
        assertNotNull(table.get("brokerVersionDesc"));
        assertNotNull(table.get("bootTimestamp"));
    }

    @Test
    void shouldReportAGroupsPositionAndLagOnEveryQueue() throws Exception {
        createTopic("AdminStats", 2, null);
        admin.sendAll(address, "AdminStats", 0, "m", 5);
        admin.sendAll(address, "AdminStats", 1, "m", 2);
        TestServers.awaitDispatched(server);
        server.broker().offsets().commit("admin-stats", "AdminStats", 0, 3);

        ConsumeStats stats = admin.api.getConsumeStats(address, "admin-stats", RocketMqClients.TIMEOUT_MILLIS);

        OffsetWrapper q0 = stats.getOffsetTable().get(new MessageQueue("AdminStats", brokerName, 0));
        OffsetWrapper q1 = stats.getOffsetTable().get(new MessageQueue("AdminStats", brokerName, 1));
        assertNotNull(q0, stats.getOffsetTable().toString());
        assertEquals(5, q0.getBrokerOffset());
        assertEquals(3, q0.getConsumerOffset());
        assertTrue(q0.getLastTimestamp() > 0);
        assertEquals(2, q1.getBrokerOffset());
        assertEquals(0, q1.getConsumerOffset());
        assertEquals(4, stats.computeTotalDiff());
    }

    @Test
    void shouldReportATopicsQueueBounds() throws Exception {
        createTopic("AdminTopicStats", 2, null);
        admin.sendAll(address, "AdminTopicStats", 1, "m", 3);
        TestServers.awaitDispatched(server);

        TopicStatsTable stats = admin.api.getTopicStatsInfo(address, "AdminTopicStats",
                RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(0, stats.getOffsetTable().get(new MessageQueue("AdminTopicStats", brokerName, 0)).getMaxOffset());
        assertEquals(3, stats.getOffsetTable().get(new MessageQueue("AdminTopicStats", brokerName, 1)).getMaxOffset());
        assertThrows(MQBrokerException.class, () -> admin.api.getTopicStatsInfo(address, "AdminNoSuchTopic",
                RocketMqClients.TIMEOUT_MILLIS));
    }

    @Test
    void shouldListTheConnectionsOfConsumerAndProducerGroups() throws Exception {
        createTopic("AdminConnections", 1, null);
        try (RocketMqClients member = RocketMqClients.start()) {
            member.api.sendHeartbeat(address, member.consumerHeartbeat("admin-consumers", "AdminConnections", "TagA"),
                    RocketMqClients.TIMEOUT_MILLIS);
            member.api.sendHeartbeat(address, member.producerHeartbeat("admin-producers"),
                    RocketMqClients.TIMEOUT_MILLIS);

            ConsumerConnection consumers = admin.api.getConsumerConnectionList(address, "admin-consumers",
                    RocketMqClients.TIMEOUT_MILLIS);
            ProducerConnection producers = admin.api.getProducerConnectionList(address, "admin-producers",
                    RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(1, consumers.getConnectionSet().size());
            assertEquals(member.clientId, consumers.getConnectionSet().iterator().next().getClientId());
            assertEquals(LanguageCode.JAVA, consumers.getConnectionSet().iterator().next().getLanguage());
            assertEquals(MessageModel.CLUSTERING, consumers.getMessageModel());
            assertEquals("TagA", consumers.getSubscriptionTable().get("AdminConnections").getSubString());
            assertEquals(member.clientId, producers.getConnectionSet().iterator().next().getClientId());
        }
        MQBrokerException offline = assertThrows(MQBrokerException.class, () -> admin.api.getConsumerConnectionList(
                address, "admin-nobody", RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(ResponseCode.CONSUMER_NOT_ONLINE, offline.getResponseCode());
    }

    @Test
    void shouldResetAGroupsOffsetsAndTellItsConsumers() throws Exception {
        createTopic("AdminReset", 2, null);
        List<SendResult> sent = admin.sendAll(address, "AdminReset", 0, "m", 4);
        TestServers.awaitDispatched(server);
        server.broker().offsets().commit("admin-reset", "AdminReset", 0, 4);
        try (RocketMqClients member = RocketMqClients.start()) {
            member.api.sendHeartbeat(address, member.consumerHeartbeat("admin-reset", "AdminReset", "*"),
                    RocketMqClients.TIMEOUT_MILLIS);
            member.fromBroker.clear();

            Map<MessageQueue, Long> reset = admin.api.invokeBrokerToResetOffset(address, "AdminReset", "admin-reset",
                    0, true, RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(0L, reset.get(new MessageQueue("AdminReset", brokerName, 0)));
            assertEquals(0L, server.broker().offsets().committed("admin-reset", "AdminReset", 0).getAsLong());
            RemotingCommand told = awaitRequest(member, RequestCode.RESET_CONSUMER_CLIENT_OFFSET);
            assertEquals("admin-reset", told.getExtFields().get("group"));
            assertEquals("AdminReset", told.getExtFields().get("topic"));
            var body = org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.decode(told.getBody(),
                    org.apache.rocketmq.remoting.protocol.body.ResetOffsetBody.class);
            assertEquals(0L, body.getOffsetTable().get(new MessageQueue("AdminReset", brokerName, 0)));
        }
        assertEquals(4, sent.size());
    }

    @Test
    void shouldResetOneQueueToAGivenOffset() throws Exception {
        createTopic("AdminResetOne", 2, null);
        admin.sendAll(address, "AdminResetOne", 1, "m", 4);
        TestServers.awaitDispatched(server);

        Map<MessageQueue, Long> reset = admin.api.invokeBrokerToResetOffset(address, "AdminResetOne",
                "admin-reset-one", 0, 1, 2L, RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(Map.of(new MessageQueue("AdminResetOne", brokerName, 1), 2L), reset);
        assertEquals(2L, server.broker().offsets().committed("admin-reset-one", "AdminResetOne", 1).getAsLong());
    }

    @Test
    void shouldShowTheBrokerConfigurationUnderBrokerConfKeys() throws Exception {
        Properties config = admin.api.getBrokerConfig(address, RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(brokerName, config.getProperty("brokerName"));
        assertEquals(Integer.toString(server.port()), config.getProperty("listenPort"));
        assertEquals("ASYNC_FLUSH", config.getProperty("flushDiskType"));
        assertEquals(Boolean.toString(server.broker().config().autoCreateTopicEnable()),
                config.getProperty("autoCreateTopicEnable"));
    }

    @Test
    void shouldTellWhoConsumesATopicAndWhatAGroupConsumes() throws Exception {
        createTopic("AdminWho", 1, null);
        server.broker().offsets().commit("admin-who-offsets", "AdminWho", 0, 0);
        try (RocketMqClients member = RocketMqClients.start()) {
            member.api.sendHeartbeat(address, member.consumerHeartbeat("admin-who-online", "AdminWho", "*"),
                    RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(java.util.Set.of("admin-who-offsets", "admin-who-online"),
                    admin.api.queryTopicConsumeByWho(address, "AdminWho", RocketMqClients.TIMEOUT_MILLIS)
                            .getGroupList());
            var topics = admin.api.queryTopicsByConsumer(address, "admin-who-online", RocketMqClients.TIMEOUT_MILLIS);
            assertEquals(java.util.Set.of("AdminWho"), topics.getTopicList());
            assertEquals(address, topics.getBrokerAddr());
        }
    }

    @Test
    void shouldRelayARunningInfoQuestionToTheConsumer() throws Exception {
        createTopic("AdminRunning", 1, null);
        try (RocketMqClients member = RocketMqClients.start()) {
            member.api.sendHeartbeat(address, member.consumerHeartbeat("admin-running", "AdminRunning", "*"),
                    RocketMqClients.TIMEOUT_MILLIS);
            GetConsumerRunningInfoRequestHeader header = new GetConsumerRunningInfoRequestHeader();
            header.setConsumerGroup("admin-running");
            header.setClientId(member.clientId);
            header.setJstackEnable(false);

            RemotingCommand response = admin.api.getRemotingClient().invokeSync(address,
                    RemotingCommand.createRequestCommand(RequestCode.GET_CONSUMER_RUNNING_INFO, header),
                    RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(ResponseCode.SUCCESS, response.getCode(), response.getRemark());
            RemotingCommand relayed = awaitRequest(member, RequestCode.GET_CONSUMER_RUNNING_INFO);
            assertEquals("admin-running", relayed.getExtFields().get("consumerGroup"));
        }
    }

    private static RemotingCommand awaitRequest(RocketMqClients client, int code) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            RemotingCommand request = client.fromBroker.poll(100, TimeUnit.MILLISECONDS);
            if (request != null && request.getCode() == code) {
                return request;
            }
        }
        throw new AssertionError("the broker never sent request code " + code);
    }
}
