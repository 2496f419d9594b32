package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageBatch;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageId;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.apache.rocketmq.remoting.protocol.header.SendMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.SendMessageResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** SEND_MESSAGE, SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE as the real RocketMQ producer sends and reads them. */
class SendProcessorTest {
    private static final String TOPIC = "SendTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients client;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir, b -> b.autoCreateTopicEnable(false));
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 4, MessageType.MIXED));
        client = RocketMqClients.start();
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldAnswerASyncSendWithAnOffsetMessageIdThatLeadsBackToTheMessage() throws Exception {
        Message message = RocketMqClients.message(TOPIC, "TagA", "order-1", "hello capsule");
        message.putUserProperty("colour", "blue");

        SendResult result = client.send(address, message, 2);

        assertEquals(SendStatus.SEND_OK, result.getSendStatus());
        assertEquals(2, result.getMessageQueue().getQueueId());
        assertEquals(MessageClientIDSetter.getUniqID(message), result.getMsgId());
        MessageId decoded = MessageDecoder.decodeMessageId(result.getOffsetMsgId());
        assertEquals(server.address().getPort(), ((InetSocketAddress) decoded.getAddress()).getPort());
        MessageExt stored = client.api.viewMessage(address, TOPIC, decoded.getOffset(), RocketMqClients.TIMEOUT_MILLIS);
        assertEquals("hello capsule", RocketMqClients.body(stored));
        assertEquals("blue", stored.getUserProperty("colour"));
        assertEquals("TagA", stored.getTags());
        assertEquals("order-1", stored.getKeys());
        assertEquals(result.getQueueOffset(), stored.getQueueOffset());
        assertEquals(result.getOffsetMsgId(), ((MessageClientExt) stored).getOffsetMsgId());
        assertEquals(MessageClientIDSetter.getUniqID(message), MessageClientIDSetter.getUniqID(stored));
    }

    @Test
    void shouldCreateATopicOnItsFirstSendWithTheQueuesTheProducerExpected() throws Exception {
        // The producer picked queue 2 of the 4 it read off the template topic's route (a message group's hash,
        // say): the topic must have those 4 queues, or the group's next messages land in another queue.
        Message first = RocketMqClients.message("CreatedBySend", "TagA", null, "first");
        try (BrokerServer creating = TestServers.start(dir.resolve("auto-create"),
                b -> b.autoCreateTopicEnable(true).defaultTopicQueueNums(8))) {

            assertEquals(SendStatus.SEND_OK, client.send(creating.clientAddress(), first, 2).getSendStatus());

            TopicConfig created = creating.broker().topics().find("CreatedBySend").orElseThrow();
            assertEquals(4, created.writeQueueNums());
            assertEquals(4, created.readQueueNums());
        }
    }

    @Test
    void shouldGiveConsecutiveQueueOffsetsToConsecutiveSends() throws Exception {
        List<SendResult> results = client.sendAll(address, TOPIC, 1, "seq-", 3);
        for (int i = 1; i < results.size(); i++) {
            assertEquals(results.get(i - 1).getQueueOffset() + 1, results.get(i).getQueueOffset());
        }
    }

    @Test
    void shouldAnswerAnAsynchronousSend() throws Exception {
        Message message = RocketMqClients.message(TOPIC, "TagA", null, "async");
        CompletableFuture<SendResult> answered = new CompletableFuture<>();
        client.api.sendMessage(address, "broker-a", message, RocketMqClients.sendHeader("p", message, 0, 0),
                RocketMqClients.TIMEOUT_MILLIS, CommunicationMode.ASYNC, new SendCallback() {
                    @Override
                    public void onSuccess(SendResult sendResult) {
                        answered.complete(sendResult);
                    }

                    @Override
                    public void onException(Throwable e) {
                        answered.completeExceptionally(e);
                    }
                }, null, null, 0, null, RocketMqClients.idleProducer());

        SendResult result = answered.get(30, TimeUnit.SECONDS);

        assertEquals(SendStatus.SEND_OK, result.getSendStatus());
        MessageExt stored = client.api.viewMessage(address, TOPIC,
                MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getOffset(), RocketMqClients.TIMEOUT_MILLIS);
        assertEquals("async", RocketMqClients.body(stored));
    }

    @Test
    void shouldStoreAOneWaySend() throws Exception {
        long before = client.api.getMaxOffset(address, new org.apache.rocketmq.common.message.MessageQueue(TOPIC,
                "broker-a", 3), RocketMqClients.TIMEOUT_MILLIS);
        Message message = RocketMqClients.message(TOPIC, "TagA", null, "fire and forget");

        client.api.sendMessage(address, "broker-a", message, RocketMqClients.sendHeader("p", message, 3, 0),
                RocketMqClients.TIMEOUT_MILLIS, CommunicationMode.ONEWAY, null, null);

        PullResult pulled = awaitPull(3, before);
        assertEquals("fire and forget", RocketMqClients.body(RocketMqClients.messages(pulled).get(0)));
    }

    @Test
    void shouldStoreEveryMessageOfABatchWithItsOwnIdsAndProperties() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = RocketMqClients.message(TOPIC, "Tag" + i, "batch-key-" + i, "batch-" + i);
            m.putUserProperty("index", Integer.toString(i));
            messages.add(m);
        }
        MessageBatch batch = MessageBatch.generateFromList(messages);
        MessageClientIDSetter.setUniqID(batch);
        batch.setBody(batch.encode());
        SendMessageRequestHeader header = RocketMqClients.sendHeader("p", batch, 0, 0);
        header.setBatch(true);

        SendResult result = client.api.sendMessage(address, "broker-a", batch, header, RocketMqClients.TIMEOUT_MILLIS,
                CommunicationMode.SYNC, null, null);

        assertEquals(SendStatus.SEND_OK, result.getSendStatus());
        String[] offsetIds = result.getOffsetMsgId().split(",");
        assertEquals(3, offsetIds.length);
        for (int i = 0; i < 3; i++) {
            MessageExt stored = client.api.viewMessage(address, TOPIC,
                    MessageDecoder.decodeMessageId(offsetIds[i]).getOffset(), RocketMqClients.TIMEOUT_MILLIS);
            assertEquals("batch-" + i, RocketMqClients.body(stored));
            assertEquals("Tag" + i, stored.getTags());
            assertEquals(Integer.toString(i), stored.getUserProperty("index"));
            assertEquals(MessageClientIDSetter.getUniqID(messages.get(i)), MessageClientIDSetter.getUniqID(stored));
            assertEquals(result.getQueueOffset() + i, stored.getQueueOffset());
        }
    }

    @Test
    void shouldAcceptTheFullHeaderOfSendMessageAndTheBinaryHeaderEncoding() throws Exception {
        for (SerializeType type : SerializeType.values()) {
            Message message = RocketMqClients.message(TOPIC, "TagF", null, "full header " + type);
            RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE,
                    RocketMqClients.sendHeader("p", message, 1, 0));
            request.setSerializeTypeCurrentRPC(type);
            request.setBody(message.getBody());

            RemotingCommand response = client.api.getRemotingClient().invokeSync(address, request,
                    RocketMqClients.TIMEOUT_MILLIS);

            assertEquals(ResponseCode.SUCCESS, response.getCode(), response.getRemark());
            SendMessageResponseHeader header = response.decodeCommandCustomHeader(SendMessageResponseHeader.class);
            assertEquals(1, header.getQueueId());
            MessageExt stored = client.api.viewMessage(address, TOPIC,
                    MessageDecoder.decodeMessageId(header.getMsgId()).getOffset(), RocketMqClients.TIMEOUT_MILLIS);
            assertEquals("full header " + type, RocketMqClients.body(stored));
        }
    }

    @Test
    void shouldLetTheBrokerChooseAQueueWhenTheProducerAsksForNone() throws Exception {
        SendResult result = client.send(address, RocketMqClients.message(TOPIC, null, null, "anywhere"), -1);

        int queue = result.getMessageQueue().getQueueId();
        assertTrue(queue >= 0 && queue < 4, "queue " + queue);
    }

    @Test
    void shouldRefuseASendToATopicThatDoesNotExistWhenAutoCreationIsOff() {
        MQBrokerException refused = assertThrows(MQBrokerException.class,
                () -> client.send(address, RocketMqClients.message("NoSuchTopic", null, null, "lost"), 0));

        assertEquals(ResponseCode.TOPIC_NOT_EXIST, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("NoSuchTopic"), refused.getErrorMessage());
    }

    @Test
    void shouldNameTheMissingFieldOfACompactHeader() throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE_V2, null);
        request.addExtField("a", "p");
        request.addExtField("e", "0");
        request.addExtField("f", "0");
        request.addExtField("g", "0");
        request.addExtField("h", "0");
        request.setBody("no topic".getBytes(StandardCharsets.UTF_8));

        RemotingCommand response = client.api.getRemotingClient().invokeSync(address, request,
                RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("'b' (topic)"), response.getRemark());
    }

    @Test
    void shouldCarryTheRegionAndTraceSwitchTheClientReads() throws Exception {
        SendResult result = client.send(address, RocketMqClients.message(TOPIC, null, null, "region"), 0);

        assertEquals("DefaultRegion", result.getRegionId());
        assertTrue(result.isTraceOn());
    }

    private static PullResult awaitPull(int queueId, long offset) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            PullResult result = client.pull(address, "send-test-reader", TOPIC, queueId, offset);
            if (result.getPullStatus() == PullStatus.FOUND || System.nanoTime() > deadline) {
                assertEquals(PullStatus.FOUND, result.getPullStatus());
                return result;
            }
            Thread.sleep(20);
        }
    }
}
