package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.rocketmq.client.impl.CommunicationMode;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Client registration as the real client does it: HEART_BEAT, UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP,
 * CHECK_CLIENT_CONFIG, and the broker's NOTIFY_CONSUMER_IDS_CHANGED call to a group's members.
 */
class ClientProcessorTest {
    private static final String TOPIC = "MembersTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 4, MessageType.MIXED));
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldListEveryMemberOfAGroupAfterTheirHeartbeats() throws Exception {
        try (RocketMqClients a = RocketMqClients.start(); RocketMqClients b = RocketMqClients.start()) {
            join(a, "members-list");
            join(b, "members-list");

            List<String> members = a.api.getConsumerIdListByGroup(address, "members-list",
                    RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(List.of(a.clientId, b.clientId).stream().sorted().toList(), members);
        }
    }

    @Test
    void shouldTellAMemberWhenAnotherJoinsItsGroup() throws Exception {
        try (RocketMqClients a = RocketMqClients.start(); RocketMqClients b = RocketMqClients.start()) {
            join(a, "members-notify");
            a.fromBroker.clear();

            join(b, "members-notify");

            RemotingCommand notice = a.fromBroker.poll(30, TimeUnit.SECONDS);
            assertNotNull(notice, "the first member was not told of the second");
            assertEquals(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, notice.getCode());
            assertEquals("members-notify", notice.getExtFields().get("consumerGroup"));
        }
    }

    @Test
    void shouldTakeAClientOutOfItsGroupWhenItUnregisters() throws Exception {
        try (RocketMqClients a = RocketMqClients.start(); RocketMqClients b = RocketMqClients.start()) {
            join(a, "members-leave");
            join(b, "members-leave");
            a.fromBroker.clear();

            b.api.unregisterClient(address, b.clientId, null, "members-leave", RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(List.of(a.clientId), a.api.getConsumerIdListByGroup(address, "members-leave",
                    RocketMqClients.TIMEOUT_MILLIS));
            RemotingCommand notice = a.fromBroker.poll(30, TimeUnit.SECONDS);
            assertNotNull(notice, "the remaining member was not told");
            assertEquals("members-leave", notice.getExtFields().get("consumerGroup"));
        }
    }

    @Test
    void shouldTakeAClientOutOfItsGroupWhenItsConnectionCloses() throws Exception {
        try (RocketMqClients a = RocketMqClients.start()) {
            join(a, "members-gone");
            try (RocketMqClients b = RocketMqClients.start()) {
                join(b, "members-gone");

                b.disconnect(address);

                await(() -> server.broker().consumers().memberIds("members-gone").equals(List.of(a.clientId)));
            }
        }
    }

    @Test
    void shouldRefuseTheMemberListOfAGroupWithNobodyOnline() throws Exception {
        try (RocketMqClients a = RocketMqClients.start()) {
            MQBrokerException refused = assertThrows(MQBrokerException.class,
                    () -> a.api.getConsumerIdListByGroup(address, "members-none", RocketMqClients.TIMEOUT_MILLIS));

            assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
        }
    }

    @Test
    void shouldRefuseAHeartbeatWithAMalformedSql92SubscriptionAndRegisterNothing() throws Exception {
        try (RocketMqClients a = RocketMqClients.start()) {
            HeartbeatData heartbeat = a.consumerHeartbeat("members-bad-sql", TOPIC, "*");
            SubscriptionData subscription = heartbeat.getConsumerDataSet().iterator().next()
                    .getSubscriptionDataSet().iterator().next();
            subscription.setExpressionType(ExpressionType.SQL92);
            subscription.setSubString("a = = 1");

            MQBrokerException refused = assertThrows(MQBrokerException.class,
                    () -> a.api.sendHeartbeat(address, heartbeat, RocketMqClients.TIMEOUT_MILLIS));

            assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, refused.getResponseCode());
            assertTrue(refused.getErrorMessage().contains(TOPIC), refused.getErrorMessage());
            assertTrue(server.broker().consumers().memberIds("members-bad-sql").isEmpty());
        }
    }

    @Test
    void shouldCheckASql92SubscriptionBeforeAConsumerStarts() throws Exception {
        try (RocketMqClients a = RocketMqClients.start()) {
            SubscriptionData good = new SubscriptionData(TOPIC, "a > 1 AND b = 'x'");
            good.setExpressionType(ExpressionType.SQL92);
            a.api.checkClientInBroker(address, "members-check", a.clientId, good, RocketMqClients.TIMEOUT_MILLIS);

            SubscriptionData bad = new SubscriptionData(TOPIC, "a >");
            bad.setExpressionType(ExpressionType.SQL92);
            MQClientException refused = assertThrows(MQClientException.class, () -> a.api.checkClientInBroker(
                    address, "members-check", a.clientId, bad, RocketMqClients.TIMEOUT_MILLIS));
            assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, refused.getResponseCode());
        }
    }

    @Test
    void shouldCreateTheRetryTopicAPushConsumerWillPull() throws Exception {
        try (RocketMqClients a = RocketMqClients.start()) {
            join(a, "members-retry");

            assertTrue(server.broker().topics().find("%RETRY%members-retry").isPresent());
        }
    }

    @Test
    void shouldCreateAGroupHeardOfInAHeartbeatOnlyOnceItsTopicExistsInOrderForAFifoTopic() throws Exception {
        try (RocketMqClients a = RocketMqClients.start()) {
            a.api.sendHeartbeat(address, a.consumerHeartbeat("members-fifo", "FifoLater", "*"),
                    RocketMqClients.TIMEOUT_MILLIS);
            // A push consumer pulls its retry topic as soon as it starts, before its FIFO topic exists.
            a.api.pullMessage(address, RocketMqClients.pullHeader("members-fifo", "%RETRY%members-fifo", 0, 0, "*",
                    0), RocketMqClients.TIMEOUT_MILLIS, CommunicationMode.SYNC, null);
            assertTrue(server.broker().groups().find("members-fifo").isEmpty(),
                    "not fixed before its topic says whether it is FIFO");

            server.broker().admin().createOrUpdateTopic(TopicConfig.of("FifoLater", 2, MessageType.FIFO));
            a.api.sendHeartbeat(address, a.consumerHeartbeat("members-fifo", "FifoLater", "*"),
                    RocketMqClients.TIMEOUT_MILLIS);

            assertTrue(server.broker().groups().find("members-fifo").orElseThrow().consumeMessageOrderly());
            join(a, "members-plain");
            assertFalse(server.broker().groups().find("members-plain").orElseThrow().consumeMessageOrderly());
        }
    }

    private static void join(RocketMqClients client, String group) throws Exception {
        client.api.sendHeartbeat(address, client.consumerHeartbeat(group, TOPIC, "*"), RocketMqClients.TIMEOUT_MILLIS);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
