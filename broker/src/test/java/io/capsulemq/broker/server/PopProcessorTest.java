package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.consumer.AckCallback;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.PopCallback;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.AckMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ChangeInvisibleTimeRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ExtraInfoUtil;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * POP_MESSAGE, ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME as the real client's pop consumer uses them: the receipt
 * travels in the message's POP_CK extra info, which the client sends back (or rebuilds after a change).
 */
class PopProcessorTest {
    private static final long LONG_INVISIBLE = 60_000;

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

    private static String topic(String name, MessageType type) {
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(name, 2, type));
        return name;
    }

    @Test
    void shouldHideAPoppedMessageFromTheGroupAndForgetItOnceAcknowledged() throws Exception {
        String topic = topic("PopAck", MessageType.MIXED);
        client.send(address, RocketMqClients.message(topic, "TagA", null, "pop-0"), 0);
        client.send(address, RocketMqClients.message(topic, "TagA", null, "pop-1"), 1);
        TestServers.awaitDispatched(server);

        PopResult first = pop("pop-ack", topic, LONG_INVISIBLE, 5_000);
        assertEquals(PopStatus.FOUND, first.getPopStatus());
        assertEquals(List.of("pop-0", "pop-1"),
                first.getMsgFoundList().stream().map(RocketMqClients::body).sorted().toList());
        assertEquals(PopStatus.POLLING_NOT_FOUND, pop("pop-ack", topic, LONG_INVISIBLE, 0).getPopStatus());

        for (MessageExt m : first.getMsgFoundList()) {
            assertNotNull(m.getProperty(MessageConst.PROPERTY_POP_CK));
            assertEquals(AckStatus.OK, ack("pop-ack", topic, m.getProperty(MessageConst.PROPERTY_POP_CK)).getStatus());
        }
        assertEquals(AckStatus.NO_EXIST,
                ack("pop-ack", topic, first.getMsgFoundList().get(0).getProperty(MessageConst.PROPERTY_POP_CK))
                        .getStatus(), "a second ack of the same receipt");
    }

    @Test
    void shouldGiveEachGroupItsOwnCopy() throws Exception {
        String topic = topic("PopGroups", MessageType.MIXED);
        client.send(address, RocketMqClients.message(topic, "TagA", null, "shared"), 0);
        TestServers.awaitDispatched(server);

        assertEquals(PopStatus.FOUND, pop("pop-group-a", topic, LONG_INVISIBLE, 5_000).getPopStatus());
        assertEquals(PopStatus.FOUND, pop("pop-group-b", topic, LONG_INVISIBLE, 5_000).getPopStatus());
    }

    @Test
    void shouldDeliverAgainAMessageNotAcknowledgedWithinItsInvisibleTime() throws Exception {
        String topic = topic("PopRevive", MessageType.MIXED);
        client.send(address, RocketMqClients.message(topic, "TagA", null, "try again"), 0);
        assertEquals(PopStatus.FOUND, pop("pop-revive", topic, 1_000, 5_000).getPopStatus());

        PopResult again = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            again = pop("pop-revive", topic, LONG_INVISIBLE, 2_000);
            if (again.getPopStatus() == PopStatus.FOUND) {
                break;
            }
        }

        assertNotNull(again);
        assertEquals(PopStatus.FOUND, again.getPopStatus());
        MessageExt redelivered = again.getMsgFoundList().get(0);
        assertEquals("try again", RocketMqClients.body(redelivered));
        assertEquals(1, redelivered.getReconsumeTimes());
    }

    @Test
    void shouldAcceptTheExtraInfoTheClientRebuildsAfterChangingTheInvisibleTime() throws Exception {
        String topic = topic("PopChange", MessageType.MIXED);
        client.send(address, RocketMqClients.message(topic, "TagA", null, "take your time"), 1);
        MessageExt popped = pop("pop-change", topic, LONG_INVISIBLE, 5_000).getMsgFoundList().get(0);
        String original = popped.getProperty(MessageConst.PROPERTY_POP_CK);

        AckResult changed = change("pop-change", topic, popped, original, 2 * LONG_INVISIBLE);

        assertEquals(AckStatus.OK, changed.getStatus());
        assertEquals(8, ExtraInfoUtil.split(changed.getExtraInfo()).length, "the client rebuilt it from the header");
        assertEquals(AckStatus.NO_EXIST, ack("pop-change", topic, original).getStatus(), "the old receipt is stale");
        assertEquals(AckStatus.OK, ack("pop-change", topic, changed.getExtraInfo()).getStatus());
        assertEquals(PopStatus.POLLING_NOT_FOUND, pop("pop-change", topic, LONG_INVISIBLE, 0).getPopStatus());
    }

    @Test
    void shouldHoldAPopUntilAMessageArrives() throws Exception {
        String topic = topic("PopPoll", MessageType.MIXED);
        CompletableFuture<PopResult> answered = popAsync("pop-poll", topic, LONG_INVISIBLE, 30_000, false);
        ClientProcessorTest.await(() -> server.broker().pop().waitingCount() > 0);
        assertFalse(answered.isDone());

        client.send(address, RocketMqClients.message(topic, "TagA", null, "arrived"), 1);

        PopResult result = answered.get(30, TimeUnit.SECONDS);
        assertEquals(PopStatus.FOUND, result.getPopStatus());
        assertEquals("arrived", RocketMqClients.body(result.getMsgFoundList().get(0)));
    }

    @Test
    void shouldAnswerNotFoundWhenNothingArrivesWithinThePollTime() throws Exception {
        String topic = topic("PopEmpty", MessageType.MIXED);

        assertEquals(PopStatus.POLLING_NOT_FOUND, pop("pop-empty", topic, LONG_INVISIBLE, 200).getPopStatus());
    }

    @Test
    void shouldPopAFifoQueueInOrderAndBlockItUntilEveryMessageIsAcknowledged() throws Exception {
        String topic = topic("PopFifo", MessageType.MIXED);
        client.sendAll(address, topic, 0, "fifo-", 3);
        TestServers.awaitDispatched(server);

        PopResult result = popAsync("pop-fifo", topic, LONG_INVISIBLE, 5_000, true).get(30, TimeUnit.SECONDS);
        assertEquals(PopStatus.FOUND, result.getPopStatus());
        assertEquals(List.of("fifo-0", "fifo-1", "fifo-2"),
                result.getMsgFoundList().stream().map(RocketMqClients::body).toList());
        client.send(address, RocketMqClients.message(topic, "TagA", null, "fifo-3"), 0);
        TestServers.awaitDispatched(server);
        assertEquals(PopStatus.POLLING_NOT_FOUND,
                popAsync("pop-fifo", topic, LONG_INVISIBLE, 0, true).get(30, TimeUnit.SECONDS).getPopStatus(),
                "the queue is blocked while its messages are in flight");
        for (MessageExt m : result.getMsgFoundList()) {
            String extraInfo = m.getProperty(MessageConst.PROPERTY_POP_CK);
            assertTrue(ExtraInfoUtil.isOrder(ExtraInfoUtil.split(extraInfo)), extraInfo);
            assertEquals(AckStatus.OK, ack("pop-fifo", topic, extraInfo).getStatus());
        }

        PopResult next = popAsync("pop-fifo", topic, LONG_INVISIBLE, 5_000, true).get(30, TimeUnit.SECONDS);
        assertEquals(List.of("fifo-3"), next.getMsgFoundList().stream().map(RocketMqClients::body).toList());
    }

    @Test
    void shouldRefuseAnAckWhoseExtraInfoIsNotAReceiptNamingTheField() throws Exception {
        String topic = topic("PopBadAck", MessageType.MIXED);
        AckMessageRequestHeader header = ackHeader("pop-bad", topic, "not a receipt");
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.ACK_MESSAGE, header);

        RemotingCommand response = client.api.getRemotingClient().invokeSync(address, request,
                RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("extraInfo"), response.getRemark());
    }

    private static PopResult pop(String group, String topic, long invisibleMillis, long pollMillis) throws Exception {
        return popAsync(group, topic, invisibleMillis, pollMillis, false).get(60, TimeUnit.SECONDS);
    }

    private static CompletableFuture<PopResult> popAsync(String group, String topic, long invisibleMillis,
                                                         long pollMillis, boolean order) throws Exception {
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(-1);
        header.setMaxMsgNums(32);
        header.setInvisibleTime(invisibleMillis);
        header.setPollTime(pollMillis);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(0);
        header.setExpType("TAG");
        header.setExp("*");
        header.setOrder(order);
        CompletableFuture<PopResult> answered = new CompletableFuture<>();
        client.api.popMessageAsync("broker-a", address, header, pollMillis + RocketMqClients.TIMEOUT_MILLIS,
                new PopCallback() {
                    @Override
                    public void onSuccess(PopResult popResult) {
                        answered.complete(popResult);
                    }

                    @Override
                    public void onException(Throwable e) {
                        answered.completeExceptionally(e);
                    }
                });
        return answered;
    }

    private static AckMessageRequestHeader ackHeader(String group, String topic, String extraInfo) {
        AckMessageRequestHeader header = new AckMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        String[] fields = extraInfo.split(" ");
        header.setQueueId(fields.length >= 8 ? ExtraInfoUtil.getQueueId(fields) : 0);
        header.setOffset(fields.length >= 8 ? ExtraInfoUtil.getQueueOffset(fields) : 0);
        header.setExtraInfo(extraInfo);
        return header;
    }

    private static AckResult ack(String group, String topic, String extraInfo) throws Exception {
        CompletableFuture<AckResult> answered = new CompletableFuture<>();
        client.api.ackMessageAsync(address, RocketMqClients.TIMEOUT_MILLIS, callback(answered),
                ackHeader(group, topic, extraInfo));
        return answered.get(30, TimeUnit.SECONDS);
    }

    private static AckResult change(String group, String topic, MessageExt message, String extraInfo,
                                    long invisibleMillis) throws Exception {
        ChangeInvisibleTimeRequestHeader header = new ChangeInvisibleTimeRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(message.getQueueId());
        header.setOffset(message.getQueueOffset());
        header.setExtraInfo(extraInfo);
        header.setInvisibleTime(invisibleMillis);
        CompletableFuture<AckResult> answered = new CompletableFuture<>();
        client.api.changeInvisibleTimeAsync("broker-a", address, header, RocketMqClients.TIMEOUT_MILLIS,
                callback(answered));
        return answered.get(30, TimeUnit.SECONDS);
    }

    private static AckCallback callback(CompletableFuture<AckResult> answered) {
        return new AckCallback() {
            @Override
            public void onSuccess(AckResult ackResult) {
                answered.complete(ackResult);
            }

            @Override
            public void onException(Throwable e) {
                answered.completeExceptionally(e);
            }
        };
    }
}
