package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.OffsetNotFoundException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.BoundaryType;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.QueryConsumerOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.UpdateConsumerOffsetRequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Offsets through the real client: a group's committed offsets, a queue's bounds, search by store time and the
 * earliest store time.
 */
class OffsetProcessorTest {
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
    void shouldReturnTheOffsetAGroupCommitted() throws Exception {
        String topic = topic("OffsetCommit");
        client.sendAll(address, topic, 1, "m", 5);
        TestServers.awaitDispatched(server);

        client.api.updateConsumerOffset(address, update("offset-group", topic, 1, 4), RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(4, client.api.queryConsumerOffset(address, query("offset-group", topic, 1, true),
                RocketMqClients.TIMEOUT_MILLIS));
    }

    @Test
    void shouldStartAGroupWithoutOffsetAtZeroWhileTheQueueHoldsItsFirstMessage() throws Exception {
        String topic = topic("OffsetFresh");
        client.sendAll(address, topic, 0, "m", 2);
        TestServers.awaitDispatched(server);

        assertEquals(0, client.api.queryConsumerOffset(address, query("fresh-group", topic, 0, true),
                RocketMqClients.TIMEOUT_MILLIS));
        assertThrows(OffsetNotFoundException.class, () -> client.api.queryConsumerOffset(address,
                query("fresh-group", topic, 0, false), RocketMqClients.TIMEOUT_MILLIS));
    }

    @Test
    void shouldRefuseANegativeOffsetAndAQueueTheTopicLacks() throws Exception {
        String topic = topic("OffsetBad");

        MQBrokerException negative = assertThrows(MQBrokerException.class, () -> client.api.updateConsumerOffset(
                address, update("bad-group", topic, 0, -5), RocketMqClients.TIMEOUT_MILLIS));
        MQBrokerException noQueue = assertThrows(MQBrokerException.class, () -> client.api.updateConsumerOffset(
                address, update("bad-group", topic, 9, 1), RocketMqClients.TIMEOUT_MILLIS));

        assertEquals(ResponseCode.INVALID_PARAMETER, negative.getResponseCode());
        assertTrue(negative.getErrorMessage().contains("commitOffset"), negative.getErrorMessage());
        assertEquals(ResponseCode.INVALID_PARAMETER, noQueue.getResponseCode());
    }

    @Test
    void shouldReportAQueuesBoundsAndEarliestStoreTime() throws Exception {
        String topic = topic("OffsetBounds");
        List<SendResult> sent = client.sendAll(address, topic, 0, "m", 3);
        TestServers.awaitDispatched(server);
        MessageQueue queue = new MessageQueue(topic, "broker-a", 0);
        MessageExt first = view(sent.get(0));

        assertEquals(3, client.api.getMaxOffset(address, queue, RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(0, client.api.getMinOffset(address, queue, RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(first.getStoreTimestamp(), client.api.getEarliestMsgStoretime(address, queue,
                RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(0, client.api.getMaxOffset(address, new MessageQueue(topic, "broker-a", 1),
                RocketMqClients.TIMEOUT_MILLIS));
    }

    @Test
    void shouldFindTheOffsetOfTheFirstMessageStoredAtOrAfterATime() throws Exception {
        String topic = topic("OffsetSearch");
        client.sendAll(address, topic, 0, "early", 2);
        Thread.sleep(20);
        List<SendResult> later = client.sendAll(address, topic, 0, "late", 2);
        TestServers.awaitDispatched(server);
        long lateStored = view(later.get(0)).getStoreTimestamp();
        MessageQueue queue = new MessageQueue(topic, "broker-a", 0);

        assertEquals(2, client.api.searchOffset(address, queue, lateStored, RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(0, client.api.searchOffset(address, queue, 0, RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(4, client.api.searchOffset(address, queue, lateStored + 60_000, RocketMqClients.TIMEOUT_MILLIS));
        assertEquals(1, client.api.searchOffset(address, queue, lateStored - 1, BoundaryType.UPPER,
                RocketMqClients.TIMEOUT_MILLIS));
    }

    @Test
    void shouldFindTheLastMessageStoredBeforeTheEndOfTime() throws Exception {
        String topic = topic("OffsetSearchEndOfTime");
        client.sendAll(address, topic, 0, "m", 3);
        TestServers.awaitDispatched(server);
        MessageQueue queue = new MessageQueue(topic, "broker-a", 0);

        // Found by the fuzzer: the upper boundary of Long.MAX_VALUE overflowed and was answered SYSTEM_ERROR.
        assertEquals(2, client.api.searchOffset(address, queue, Long.MAX_VALUE, BoundaryType.UPPER,
                RocketMqClients.TIMEOUT_MILLIS));
    }

    private static MessageExt view(SendResult sent) throws Exception {
        return client.api.viewMessage(address, sent.getMessageQueue().getTopic(),
                MessageDecoder.decodeMessageId(sent.getOffsetMsgId()).getOffset(), RocketMqClients.TIMEOUT_MILLIS);
    }

    private static UpdateConsumerOffsetRequestHeader update(String group, String topic, int queueId, long offset) {
        UpdateConsumerOffsetRequestHeader header = new UpdateConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(queueId);
        header.setCommitOffset(offset);
        return header;
    }

    private static QueryConsumerOffsetRequestHeader query(String group, String topic, int queueId,
                                                          boolean zeroIfNotFound) {
        QueryConsumerOffsetRequestHeader header = new QueryConsumerOffsetRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(topic);
        header.setQueueId(queueId);
        header.setSetZeroIfNotFound(zeroIfNotFound);
        return header;
    }
}
