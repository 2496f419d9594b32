package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** CONSUMER_SEND_MSG_BACK as a push consumer sends back a message it failed: to retry, or to the dead letters. */
class SendBackProcessorTest {
    private static final String TOPIC = "SendBackTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients client;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 1, MessageType.MIXED));
        client = RocketMqClients.start();
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldRedeliverAFailedMessageThroughTheGroupsRetryTopicAfterItsDelay() throws Exception {
        MessageExt failed = sent("retry me");

        client.api.consumerSendMessageBack(address, "broker-a", failed, "back-retry", 1,
                RocketMqClients.TIMEOUT_MILLIS, 16);

        MessageExt retried = awaitFirst("%RETRY%back-retry");
        assertEquals("retry me", RocketMqClients.body(retried));
        assertEquals(1, retried.getReconsumeTimes());
        assertEquals(TOPIC, retried.getProperty(MessageConst.PROPERTY_RETRY_TOPIC));
        assertEquals(failed.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX),
                retried.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
    }

    @Test
    void shouldDeadLetterAtOnceForANegativeDelayLevel() throws Exception {
        MessageExt failed = sent("give up");

        client.api.consumerSendMessageBack(address, "broker-a", failed, "back-dead", -1,
                RocketMqClients.TIMEOUT_MILLIS, 16);

        MessageExt dead = awaitFirst("%DLQ%back-dead");
        assertEquals("give up", RocketMqClients.body(dead));
        assertEquals(TOPIC, dead.getProperty(MessageConst.PROPERTY_RETRY_TOPIC));
    }

    @Test
    void shouldDeadLetterOnceTheConsumersRetryLimitIsReached() throws Exception {
        MessageExt failed = sent("tried enough");

        client.api.consumerSendMessageBack(address, "broker-a", failed, "back-limit", 0,
                RocketMqClients.TIMEOUT_MILLIS, 0);

        assertEquals("tried enough", RocketMqClients.body(awaitFirst("%DLQ%back-limit")));
    }

    @Test
    void shouldRefuseASendBackOfAnOffsetWhereNoMessageIs() throws Exception {
        MessageExt failed = sent("real");
        failed.setCommitLogOffset(failed.getCommitLogOffset() + 10_000_000);

        MQBrokerException refused = assertThrows(MQBrokerException.class, () -> client.api.consumerSendMessageBack(
                address, "broker-a", failed, "back-missing", 0, RocketMqClients.TIMEOUT_MILLIS, 16));

        assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains(Long.toString(failed.getCommitLogOffset())),
                refused.getErrorMessage());
    }

    @Test
    void shouldDeadLetterAConsumersOwnResendToItsRetryTopicOnceTriedTooOften() throws Exception {
        client.api.sendHeartbeat(address, client.consumerHeartbeat("back-resend", TOPIC, "*"),
                RocketMqClients.TIMEOUT_MILLIS);
        String retryTopic = "%RETRY%back-resend";

        resend(retryTopic, "within the limit", 1, 2);
        resend(retryTopic, "past the limit", 3, 2);

        assertEquals("within the limit", RocketMqClients.body(awaitFirst(retryTopic)));
        MessageExt dead = awaitFirst("%DLQ%back-resend");
        assertEquals("past the limit", RocketMqClients.body(dead));
        assertEquals(3, dead.getReconsumeTimes());
    }

    /** What a push consumer sends when it could not send a failed message back: the message, to its retry topic. */
    private static void resend(String retryTopic, String body, int reconsumeTimes, int maxReconsumeTimes)
            throws Exception {
        var message = RocketMqClients.message(retryTopic, "TagA", null, body);
        var header = RocketMqClients.sendHeader("back-resend", message, 0, 0);
        header.setReconsumeTimes(reconsumeTimes);
        header.setMaxReconsumeTimes(maxReconsumeTimes);
        client.api.sendMessage(address, "broker-a", message, header, RocketMqClients.TIMEOUT_MILLIS,
                org.apache.rocketmq.client.impl.CommunicationMode.SYNC, null, null);
    }

    private static MessageExt sent(String body) throws Exception {
        SendResult result = client.send(address, RocketMqClients.message(TOPIC, "TagA", null, body), 0);
        return client.api.viewMessage(address, TOPIC,
                MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getOffset(), RocketMqClients.TIMEOUT_MILLIS);
    }

    private static MessageExt awaitFirst(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (server.broker().topics().find(topic).isPresent()) {
                PullResult result = client.pull(address, "back-reader", topic, 0, 0);
                if (result.getPullStatus() == PullStatus.FOUND) {
                    return RocketMqClients.messages(result).get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing arrived in " + topic + " within 30 s");
    }
}
