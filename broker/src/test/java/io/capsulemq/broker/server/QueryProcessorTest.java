package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.InvokeCallback;
import org.apache.rocketmq.remoting.netty.ResponseFuture;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.QueryMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.QueryMessageResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** QUERY_MESSAGE by key and by unique id, and VIEW_MESSAGE_BY_ID, decoded as the client's admin decodes them. */
class QueryProcessorTest {
    private static final String TOPIC = "QueryTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients client;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 2, MessageType.MIXED));
        client = RocketMqClients.start();
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldFindEveryMessageWithAKey() throws Exception {
        client.send(address, RocketMqClients.message(TOPIC, "TagA", "order-7", "first"), 0);
        client.send(address, RocketMqClients.message(TOPIC, "TagA", "order-8", "other"), 1);
        client.send(address, RocketMqClients.message(TOPIC, "TagA", "order-7", "second"), 1);
        TestServers.awaitDispatched(server);

        Answer answer = query("order-7", false);

        assertEquals(ResponseCode.SUCCESS, answer.response.getCode());
        assertEquals(List.of("first", "second"), answer.messages.stream().map(RocketMqClients::body).sorted().toList());
        assertTrue(answer.header.getIndexLastUpdatePhyoffset() > 0);
    }

    @Test
    void shouldFindAMessageByItsUniqueId() throws Exception {
        var message = RocketMqClients.message(TOPIC, "TagA", null, "unique");
        client.send(address, message, 0);
        TestServers.awaitDispatched(server);

        Answer answer = query(MessageClientIDSetter.getUniqID(message), true);

        assertEquals(1, answer.messages.size());
        assertEquals("unique", RocketMqClients.body(answer.messages.get(0)));
    }

    @Test
    void shouldAnswerNotFoundForAKeyNoMessageHas() throws Exception {
        assertEquals(ResponseCode.QUERY_NOT_FOUND, query("no-such-key", false).response.getCode());
    }

    @Test
    void shouldViewAMessageByTheOffsetItsIdNames() throws Exception {
        SendResult sent = client.send(address, RocketMqClients.message(TOPIC, "TagV", "view-key", "viewed"), 1);

        MessageExt viewed = client.api.viewMessage(address, TOPIC,
                MessageDecoder.decodeMessageId(sent.getOffsetMsgId()).getOffset(), RocketMqClients.TIMEOUT_MILLIS);

        assertEquals("viewed", RocketMqClients.body(viewed));
        assertEquals("TagV", viewed.getTags());
        assertEquals(1, viewed.getQueueId());
        assertEquals(sent.getQueueOffset(), viewed.getQueueOffset());
        assertTrue(viewed.getStoreTimestamp() >= viewed.getBornTimestamp() - 60_000);
        assertEquals(server.port(), ((java.net.InetSocketAddress) viewed.getStoreHost()).getPort());
    }

    @Test
    void shouldRefuseAViewOfAnOffsetWhereNoMessageStarts() throws Exception {
        SendResult sent = client.send(address, RocketMqClients.message(TOPIC, "TagV", null, "a message"), 0);
        long inside = MessageDecoder.decodeMessageId(sent.getOffsetMsgId()).getOffset() + 7;

        for (long offset : new long[] {987_654_321L, inside}) {
            MQBrokerException refused = assertThrows(MQBrokerException.class, () -> client.api.viewMessage(address,
                    TOPIC, offset, RocketMqClients.TIMEOUT_MILLIS));

            assertEquals(ResponseCode.QUERY_NOT_FOUND, refused.getResponseCode(), refused.getErrorMessage());
            assertTrue(refused.getErrorMessage().contains(Long.toString(offset)), refused.getErrorMessage());
        }
    }

    private record Answer(RemotingCommand response, QueryMessageResponseHeader header, List<MessageExt> messages) {
    }

    private static Answer query(String key, boolean uniqueKey) throws Exception {
        QueryMessageRequestHeader header = new QueryMessageRequestHeader();
        header.setTopic(TOPIC);
        header.setKey(key);
        header.setMaxNum(32);
        header.setBeginTimestamp(0L);
        header.setEndTimestamp(Long.MAX_VALUE);
        CompletableFuture<Answer> answered = new CompletableFuture<>();
        client.api.queryMessage(address, header, RocketMqClients.TIMEOUT_MILLIS, new InvokeCallback() {
            @Override
            public void operationComplete(ResponseFuture responseFuture) {
            }

            @Override
            public void operationSucceed(RemotingCommand response) {
                try {
                    if (response.getCode() != ResponseCode.SUCCESS) {
                        answered.complete(new Answer(response, null, List.of()));
                        return;
                    }
                    QueryMessageResponseHeader responseHeader =
                            response.decodeCommandCustomHeader(QueryMessageResponseHeader.class);
                    answered.complete(new Answer(response, responseHeader,
                            MessageDecoder.decodes(ByteBuffer.wrap(response.getBody()), true)));
                } catch (Exception e) {
                    answered.completeExceptionally(e);
                }
            }

            @Override
            public void operationFail(Throwable throwable) {
                answered.completeExceptionally(throwable);
            }
        }, uniqueKey);
        return answered.get(30, TimeUnit.SECONDS);
    }
}
