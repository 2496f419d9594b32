package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.consumer.PullCallback;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** PULL_MESSAGE and LITE_PULL_MESSAGE as the real client's push and pull consumers make them. */
class PullProcessorTest {
    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients client;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        client = RocketMqClients.start();
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static String topic(String name) {
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(name, 2, MessageType.MIXED));
        return name;
    }

    @Test
    void shouldReturnOnlyTheMessagesTheSubscribedTagsMatch() throws Exception {
        String topic = topic("PullTags");
        for (String tag : List.of("TagA", "TagB", "TagA", "TagC")) {
            client.send(address, RocketMqClients.message(topic, tag, null, "body-" + tag), 0);
        }
        TestServers.awaitDispatched(server);

        PullResult result = client.api.pullMessage(address,
                RocketMqClients.pullHeader("pull-tags", topic, 0, 0, "TagA || TagC", 0), RocketMqClients.TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null);

        assertEquals(PullStatus.FOUND, result.getPullStatus());
        List<MessageExt> messages = RocketMqClients.messages(result);
        assertEquals(List.of("TagA", "TagA", "TagC"), messages.stream().map(MessageExt::getTags).toList());
        assertEquals(List.of(0L, 2L, 3L), messages.stream().map(MessageExt::getQueueOffset).toList());
        assertEquals(4, result.getNextBeginOffset());
        assertEquals(0, result.getMinOffset());
        assertEquals(4, result.getMaxOffset());
    }

    @Test
    void shouldHoldALongPollUntilAMessageArrives() throws Exception {
        String topic = topic("PullLongPoll");
        CompletableFuture<PullResult> answered = new CompletableFuture<>();

        client.api.pullMessage(address, RocketMqClients.pullHeader("pull-long", topic, 1, 0, "*", 30_000),
                60_000, CommunicationMode.ASYNC, callback(answered));
        awaitHeldPulls(1);
        assertFalse(answered.isDone(), "a pull on an empty queue was answered before any message arrived");
        client.send(address, RocketMqClients.message(topic, "TagA", null, "worth the wait"), 1);

        PullResult result = answered.get(30, TimeUnit.SECONDS);
        assertEquals(PullStatus.FOUND, result.getPullStatus());
        assertEquals("worth the wait", RocketMqClients.body(RocketMqClients.messages(result).get(0)));
        assertEquals(1, result.getNextBeginOffset());
    }

    @Test
    void shouldAnswerNoNewMessageWhenTheSuspendTimeEnds() throws Exception {
        String topic = topic("PullTimeout");
        CompletableFuture<PullResult> answered = new CompletableFuture<>();

        client.api.pullMessage(address, RocketMqClients.pullHeader("pull-timeout", topic, 0, 0, "*", 200),
                30_000, CommunicationMode.ASYNC, callback(answered));

        PullResult result = answered.get(30, TimeUnit.SECONDS);
        assertEquals(PullStatus.NO_NEW_MSG, result.getPullStatus());
        assertEquals(0, result.getNextBeginOffset());
    }

    @Test
    void shouldAnswerOffsetIllegalForAnOffsetFarPastTheEnd() throws Exception {
        String topic = topic("PullPastEnd");
        client.sendAll(address, topic, 0, "m", 2);
        TestServers.awaitDispatched(server);

        PullResult result = client.pull(address, "pull-past", topic, 0, 100);

        assertEquals(PullStatus.OFFSET_ILLEGAL, result.getPullStatus());
        assertEquals(2, result.getMaxOffset());
    }

    @Test
    void shouldCommitTheOffsetAPullCarries() throws Exception {
        String topic = topic("PullCommit");
        client.sendAll(address, topic, 0, "m", 3);
        TestServers.awaitDispatched(server);
        PullMessageRequestHeader header = RocketMqClients.pullHeader("pull-commit", topic, 0, 2, "*", 0);
        header.setSysFlag(PullSysFlag.buildSysFlag(true, false, true, false));
        header.setCommitOffset(2L);

        PullResult result = client.api.pullMessage(address, header, RocketMqClients.TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null);

        assertEquals(PullStatus.FOUND, result.getPullStatus());
        assertEquals(2, client.api.queryConsumerOffset(address, offsetQuery("pull-commit", topic, 0),
                RocketMqClients.TIMEOUT_MILLIS));
    }

    @Test
    void shouldFilterByTheGroupsRegisteredSubscriptionWhenThePullCarriesNone() throws Exception {
        String topic = topic("PullRegistered");
        for (String tag : List.of("TagA", "TagB", "TagB")) {
            client.send(address, RocketMqClients.message(topic, tag, null, tag), 0);
        }
        TestServers.awaitDispatched(server);
        try (RocketMqClients consumer = RocketMqClients.start()) {
            consumer.api.sendHeartbeat(address, consumer.consumerHeartbeat("pull-registered", topic, "TagB"),
                    RocketMqClients.TIMEOUT_MILLIS);

            PullResult result = consumer.api.pullMessage(address,
                    RocketMqClients.pullHeader("pull-registered", topic, 0, 0, null, 0), RocketMqClients.TIMEOUT_MILLIS,
                    CommunicationMode.SYNC, null);

            assertEquals(PullStatus.FOUND, result.getPullStatus());
            assertEquals(List.of("TagB", "TagB"),
                    RocketMqClients.messages(result).stream().map(MessageExt::getTags).toList());
        }
    }

    @Test
    void shouldRefuseAPullWithoutSubscriptionFromAGroupNobodyRegistered() throws Exception {
        String topic = topic("PullUnregistered");

        MQBrokerException refused = assertThrows(MQBrokerException.class, () -> client.api.pullMessage(address,
                RocketMqClients.pullHeader("pull-nobody", topic, 0, 0, null, 0), RocketMqClients.TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null));

        assertEquals(ResponseCode.SUBSCRIPTION_NOT_EXIST, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("pull-nobody"), refused.getErrorMessage());
    }

    @Test
    void shouldFilterBySql92OnUserProperties() throws Exception {
        String topic = topic("PullSql");
        for (int i = 0; i < 6; i++) {
            Message m = RocketMqClients.message(topic, "TagA", null, "n" + i);
            m.putUserProperty("n", Integer.toString(i));
            client.send(address, m, 0);
        }
        TestServers.awaitDispatched(server);
        PullMessageRequestHeader header = RocketMqClients.pullHeader("pull-sql", topic, 0, 0, "n >= 4", 0);
        header.setExpressionType("SQL92");

        PullResult result = client.api.pullMessage(address, header, RocketMqClients.TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null);

        assertEquals(List.of("n4", "n5"),
                RocketMqClients.messages(result).stream().map(RocketMqClients::body).toList());
    }

    @Test
    void shouldRefuseAMalformedSql92ExpressionNamingIt() throws Exception {
        String topic = topic("PullBadSql");
        PullMessageRequestHeader header = RocketMqClients.pullHeader("pull-bad-sql", topic, 0, 0, "n >>> 4", 0);
        header.setExpressionType("SQL92");

        MQBrokerException refused = assertThrows(MQBrokerException.class, () -> client.api.pullMessage(address,
                header, RocketMqClients.TIMEOUT_MILLIS, CommunicationMode.SYNC, null));

        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("n >>> 4"), refused.getErrorMessage());
    }

    @Test
    void shouldServeALitePullConsumer() throws Exception {
        String topic = topic("PullLite");
        client.sendAll(address, topic, 1, "lite-", 2);
        TestServers.awaitDispatched(server);
        PullMessageRequestHeader header = RocketMqClients.pullHeader("pull-lite", topic, 1, 0, "*", 0);
        header.setSysFlag(PullSysFlag.buildSysFlag(false, false, true, false, true));

        PullResult result = client.api.pullMessage(address, header, RocketMqClients.TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null);

        assertEquals(List.of("lite-0", "lite-1"),
                RocketMqClients.messages(result).stream().map(RocketMqClients::body).toList());
    }

    @Test
    void shouldRefuseAQueueTheTopicDoesNotHave() throws Exception {
        String topic = topic("PullNoQueue");

        MQBrokerException refused = assertThrows(MQBrokerException.class,
                () -> client.pull(address, "pull-no-queue", topic, 7, 0));

        assertEquals(ResponseCode.INVALID_PARAMETER, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("queue id 7"), refused.getErrorMessage());
    }

    static org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader offsetQuery(String group,
            String topic, int queueId) {
        var header = new org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(queueId);
        return header;
    }

    private static void awaitHeldPulls(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.broker().puller().heldCount() < count) {
            if (System.nanoTime() > deadline) {
                fail("the pull was never held");
            }
            Thread.sleep(10);
        }
    }

    private static PullCallback callback(CompletableFuture<PullResult> answered) {
        return new PullCallback() {
            @Override
            public void onSuccess(PullResult pullResult) {
                answered.complete(pullResult);
            }

            @Override
            public void onException(Throwable e) {
                answered.completeExceptionally(e);
            }
        };
    }
}
