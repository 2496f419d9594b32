package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Requests the broker cannot serve get an error answer that says why, naming the field at fault; the connection
 * that sent them, and every other, goes on working.
 */
class MalformedRequestTest {
    private static final String TOPIC = "MalformedTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static RocketMqClients client;
    private static RocketMqClients bystander;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 1, MessageType.MIXED));
        client = RocketMqClients.start();
        bystander = RocketMqClients.start();
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        client.close();
        bystander.close();
        server.close();
    }

    @Test
    void shouldAnswerAnUnknownCodeAsNotSupportedAndServeTheNextRequest() throws Exception {
        RemotingCommand response = invoke(request(9_999, Map.of(), null));

        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
        assertStillServing(client);
    }

    @Test
    void shouldNameAHeaderFieldThatDoesNotParse() throws Exception {
        RemotingCommand response = invoke(request(RequestCode.PULL_MESSAGE, Map.of("consumerGroup", "g",
                "topic", TOPIC, "queueId", "0", "queueOffset", "twelve", "maxMsgNums", "32", "sysFlag", "0"), null));

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("'queueOffset'"), response.getRemark());
        assertTrue(response.getRemark().contains("twelve"), response.getRemark());
        assertStillServing(client);
    }

    @Test
    void shouldNameAMissingHeaderField() throws Exception {
        RemotingCommand response = invoke(request(RequestCode.QUERY_CONSUMER_OFFSET,
                Map.of("topic", TOPIC, "queueId", "0"), null));

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("'consumerGroup' is missing"), response.getRemark());
    }

    @Test
    void shouldRefuseAHeartbeatWhoseBodyIsNotJson() throws Exception {
        RemotingCommand response = invoke(request(RequestCode.HEART_BEAT, Map.of(),
                "{\"clientID\": \"x\", \"producerDataSet\": [".getBytes(StandardCharsets.UTF_8)));

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("heartbeat"), response.getRemark());
        assertStillServing(client);
    }

    @Test
    void shouldRefuseABatchWhoseBodyIsNotABatch() throws Exception {
        server.broker().admin().createOrUpdateTopic(TopicConfig.of("MalformedBatch", 1, MessageType.MIXED));
        byte[] body = ByteBuffer.allocate(30).putInt(1_000).array();
        RemotingCommand response = invoke(request(RequestCode.SEND_BATCH_MESSAGE, Map.of("a", "p",
                "b", "MalformedBatch", "e", "0", "f", "0", "g", "0", "h", "0"), body));

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("batch"), response.getRemark());
        TestServers.awaitDispatched(server);
        assertEquals(0, server.broker().store().maxOffset("MalformedBatch", 0), "nothing of it was stored");
    }

    @Test
    void shouldCloseAConnectionThatSendsAGarbledFrameWhileOthersGoOn() throws Exception {
        byte[] header = "{\"code\": 10, \"flag\":".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(8 + header.length).putInt(4 + header.length).putInt(header.length)
                    .put(header).array());
            out.flush();
            InputStream in = socket.getInputStream();

            assertEquals(-1, in.read(), "the broker closes a connection whose frame it cannot read");
        }
        assertStillServing(bystander);
        assertStillServing(client);
    }

    // Found by the fuzzer (bench --fuzz): bodies with null members failed with NullPointerException (SYSTEM_ERROR).
    @Test
    void shouldRefuseAHeartbeatWithANullProducer() throws Exception {
        RemotingCommand response = invoke(request(RequestCode.HEART_BEAT, Map.of(),
                "{\"clientID\": \"x\", \"producerDataSet\": [null]}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("producerDataSet"), response.getRemark());
    }

    @Test
    void shouldRefuseALockOfANullQueueOrOfAQueueWithoutTopic() throws Exception {
        RemotingCommand nullQueue = invoke(request(RequestCode.LOCK_BATCH_MQ, Map.of(),
                "{\"consumerGroup\": \"g\", \"clientId\": \"c\", \"mqSet\": [null]}"
                        .getBytes(StandardCharsets.UTF_8)));
        RemotingCommand noTopic = invoke(request(RequestCode.LOCK_BATCH_MQ, Map.of(),
                "{\"consumerGroup\": \"g\", \"clientId\": \"c\", \"mqSet\": [{\"queueId\": 0}]}"
                        .getBytes(StandardCharsets.UTF_8)));

        assertEquals(ResponseCode.INVALID_PARAMETER, nullQueue.getCode());
        assertTrue(nullQueue.getRemark().contains("mqSet"), nullQueue.getRemark());
        assertEquals(ResponseCode.INVALID_PARAMETER, noTopic.getCode());
        assertTrue(noTopic.getRemark().contains("without topic"), noTopic.getRemark());
    }

    // Found by the fuzzer: a topic of 2^31-1 queues was created, and listing its queues exhausted the heap.
    @Test
    void shouldRefuseATopicWithMoreQueuesThanTheLimit() throws Exception {
        RemotingCommand response = invoke(request(RequestCode.UPDATE_AND_CREATE_TOPIC, Map.of("topic", "HugeTopic",
                "readQueueNums", "2147483647", "writeQueueNums", "8", "perm", "6"), null));

        assertEquals(ResponseCode.INVALID_PARAMETER, response.getCode());
        assertTrue(response.getRemark().contains("2147483647 read"), response.getRemark());
        assertTrue(server.broker().topics().find("HugeTopic").isEmpty());
        assertStillServing(client);
    }

    // Found by the fuzzer: this send left a gap in the queue's offsets, and the broker stopped dispatching anything.
    @Test
    void shouldKeepDeliveringAfterASendFlaggedPreparedWithoutBeingTransactional() throws Exception {
        server.broker().admin().createOrUpdateTopic(TopicConfig.of("FlaggedPrepared", 1, MessageType.MIXED));
        RemotingCommand response = invoke(request(RequestCode.SEND_MESSAGE, Map.of("producerGroup", "p",
                "topic", "FlaggedPrepared", "defaultTopic", "TBW102", "defaultTopicQueueNums", "4", "queueId", "0",
                "sysFlag", "4", "bornTimestamp", "0", "flag", "0"), "flagged".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ResponseCode.SUCCESS, response.getCode());

        assertEquals(SendStatus.SEND_OK, client.send(address, RocketMqClients.message("FlaggedPrepared", null, null,
                "after"), 0).getSendStatus());
        assertStillServing(bystander);
        TestServers.awaitDispatched(server);
        assertEquals(1, server.broker().store().maxOffset("FlaggedPrepared", 0), "only the ordinary message is queued");
    }

    // Found by the fuzzer: a group name too long for the pop journal failed with an UncheckedIOException.
    @Test
    void shouldRefuseAnOffsetResetOrAGroupWhoseNameRocketMqWouldRefuse() throws Exception {
        RemotingCommand reset = invoke(request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, Map.of("group",
                "x".repeat(70_000), "topic", TOPIC, "timestamp", "0"), null));
        RemotingCommand create = invoke(request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, Map.of(),
                "{\"groupName\": \"bad group\"}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(ResponseCode.INVALID_PARAMETER, reset.getCode());
        assertTrue(reset.getRemark().contains("70000 characters long"), reset.getRemark());
        assertEquals(ResponseCode.INVALID_PARAMETER, create.getCode());
        assertTrue(create.getRemark().contains("may only contain"), create.getRemark());
        assertStillServing(client);
    }

    private static void assertStillServing(RocketMqClients someone) throws Exception {
        assertEquals(SendStatus.SEND_OK, someone.send(address, RocketMqClients.message(TOPIC, null, null,
                "still here"), 0).getSendStatus());
    }

    private static RemotingCommand request(int code, Map<String, String> fields, byte[] body) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        fields.forEach(request::addExtField);
        request.setBody(body);
        return request;
    }

    private static RemotingCommand invoke(RemotingCommand request) throws Exception {
        return client.api.getRemotingClient().invokeSync(address, request, RocketMqClients.TIMEOUT_MILLIS);
    }
}
