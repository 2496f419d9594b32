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
