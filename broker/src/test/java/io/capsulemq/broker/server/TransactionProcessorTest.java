package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.EndTransactionRequestHeader;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.heartbeat.ProducerData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Transactions with the real client: a half message sent, ended with END_TRANSACTION, and the broker's
 * CHECK_TRANSACTION_STATE call answered by a real {@code TransactionMQProducer}'s listener.
 */
class TransactionProcessorTest {
    private static final String TOPIC = "TxTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients client;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir, b -> b.transactionTimeout(Duration.ofMillis(200))
                .transactionCheckInterval(Duration.ofMillis(200)));
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 4, MessageType.TRANSACTION));
        client = RocketMqClients.start();
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldDeliverAHalfMessageOnlyOnceItsProducerCommits() throws Exception {
        Message half = halfMessage("tx-commit", "committed body");
        SendResult sent = sendHalf(client.api, "tx-commit", half, 1);
        assertEquals(SendStatus.SEND_OK, sent.getSendStatus());
        assertEquals(MessageClientIDSetter.getUniqID(half), sent.getTransactionId());
        assertEquals(PullStatus.NO_NEW_MSG, client.pull(address, "tx-reader", TOPIC, 1, 0).getPullStatus());

        client.api.endTransactionOneway(address, end("tx-commit", sent, MessageSysFlag.TRANSACTION_COMMIT_TYPE),
                "committed by the test", RocketMqClients.TIMEOUT_MILLIS);

        MessageExt delivered = awaitFirst(1);
        assertEquals("committed body", RocketMqClients.body(delivered));
        assertEquals(MessageClientIDSetter.getUniqID(half), MessageClientIDSetter.getUniqID(delivered));
    }

    @Test
    void shouldDropAHalfMessageItsProducerRollsBack() throws Exception {
        SendResult sent = sendHalf(client.api, "tx-rollback", halfMessage("tx-rollback", "never seen"), 2);
        long halfOffset = MessageDecoder.decodeMessageId(sent.getOffsetMsgId()).getOffset();

        client.api.endTransactionOneway(address, end("tx-rollback", sent, MessageSysFlag.TRANSACTION_ROLLBACK_TYPE),
                "rolled back by the test", RocketMqClients.TIMEOUT_MILLIS);

        ClientProcessorTest.await(() -> server.broker().transactions().pending(1000).stream()
                .noneMatch(p -> p.halfCommitLogOffset() == halfOffset));
        assertEquals(PullStatus.NO_NEW_MSG, client.pull(address, "tx-reader", TOPIC, 2, 0).getPullStatus());
    }

    @Test
    @SuppressWarnings("deprecation") // the producer's client instance is reachable only through its implementation
    void shouldAskARegisteredProducerAboutAnOpenTransactionAndCommitOnItsAnswer() throws Exception {
        BlockingQueue<MessageExt> asked = new LinkedBlockingQueue<>();
        TransactionMQProducer producer = new TransactionMQProducer("tx-checked");
        producer.setNamesrvAddr("127.0.0.1:1");
        producer.setInstanceName("tx-checked-instance");
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                asked.add(msg);
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        try {
            MQClientInstance instance = producer.getDefaultMQProducerImpl().getMqClientFactory();
            HeartbeatData heartbeat = new HeartbeatData();
            heartbeat.setClientID(instance.getClientId());
            ProducerData group = new ProducerData();
            group.setGroupName("tx-checked");
            heartbeat.getProducerDataSet().add(group);
            instance.getMQClientAPIImpl().sendHeartbeat(address, heartbeat, RocketMqClients.TIMEOUT_MILLIS);
            Message half = halfMessage("tx-checked", "resolved by a check");

            sendHalf(instance.getMQClientAPIImpl(), "tx-checked", half, 3);

            MessageExt question = asked.poll(30, TimeUnit.SECONDS);
            assertNotNull(question, "the producer was never asked about its transaction");
            assertEquals(TOPIC, question.getTopic());
            assertEquals("resolved by a check", RocketMqClients.body(question));
            assertEquals(MessageClientIDSetter.getUniqID(half), question.getTransactionId());
            MessageExt delivered = awaitFirst(3);
            assertEquals("resolved by a check", RocketMqClients.body(delivered));
        } finally {
            producer.shutdown();
        }
    }

    @Test
    void shouldRefuseAnEndOfTransactionWithAnUnknownResolutionNamingTheField() throws Exception {
        SendResult sent = sendHalf(client.api, "tx-bad", halfMessage("tx-bad", "left open"), 0);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.END_TRANSACTION,
                end("tx-bad", sent, 99));

        RemotingCommand response = client.api.getRemotingClient().invokeSync(address, request,
                RocketMqClients.TIMEOUT_MILLIS);

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("commitOrRollback"), response.getRemark());
    }

    private static Message halfMessage(String producerGroup, String body) {
        Message message = RocketMqClients.message(TOPIC, "TagT", null, body);
        MessageAccessor.putProperty(message, MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        MessageAccessor.putProperty(message, MessageConst.PROPERTY_PRODUCER_GROUP, producerGroup);
        return message;
    }

    private static SendResult sendHalf(MQClientAPIImpl api, String producerGroup, Message half, int queueId)
            throws Exception {
        return api.sendMessage(address, "broker-a", half, RocketMqClients.sendHeader(producerGroup, half, queueId,
                MessageSysFlag.TRANSACTION_PREPARED_TYPE), RocketMqClients.TIMEOUT_MILLIS, CommunicationMode.SYNC,
                null, null);
    }

    /** The header a producer writes to end the transaction of {@code sent}, as its local transaction decided. */
    private static EndTransactionRequestHeader end(String producerGroup, SendResult sent, int resolution)
            throws Exception {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader();
        header.setTopic(TOPIC);
        header.setProducerGroup(producerGroup);
        header.setTranStateTableOffset(sent.getQueueOffset());
        header.setCommitLogOffset(MessageDecoder.decodeMessageId(sent.getOffsetMsgId()).getOffset());
        header.setCommitOrRollback(resolution);
        header.setFromTransactionCheck(false);
        header.setMsgId(sent.getMsgId());
        header.setTransactionId(sent.getTransactionId());
        header.setBrokerName("broker-a");
        return header;
    }

    private static MessageExt awaitFirst(int queueId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            PullResult result = client.pull(address, "tx-reader", TOPIC, queueId, 0);
            if (result.getPullStatus() == PullStatus.FOUND) {
                return RocketMqClients.messages(result).get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing was delivered to queue " + queueId + " within 30 s");
    }
}
