package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.netty.channel.ChannelHandlerContext;
import org.apache.rocketmq.remoting.InvokeCallback;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.netty.ResponseFuture;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The real RocketMQ client transport ({@code NettyRemotingClient} from rocketmq-remoting 5.5.0) against our server:
 * it must not be able to tell our server from RocketMQ's.
 */
class RocketMqClientCompatibilityTest {
    private static final long TIMEOUT_MILLIS = 5_000;

    private static RemotingServer server;
    private static NettyRemotingClient rocketMqClient;
    private static ExecutorService clientProcessors;
    private static final BlockingQueue<RemotingCommand> onewayRequests = new LinkedBlockingQueue<>();
    private static final CompletableFuture<RemotingConnection> clientConnection = new CompletableFuture<>();
    private static final BlockingQueue<org.apache.rocketmq.remoting.protocol.RemotingCommand> serverRequestsAtClient =
            new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        server = new RemotingServer(RemotingServerConfig.defaults());
        server.registerProcessor(RequestCode.HEART_BEAT, (connection, request) -> {
            clientConnection.complete(connection);
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS)
                    .remark("heartbeat from " + request.extField("clientID"))
                    .extField("echo", request.extField("clientID"))
                    .body(request.body())
                    .build());
        });
        server.registerProcessor(RequestCode.PULL_MESSAGE, (connection, request) -> CompletableFuture.supplyAsync(
                () -> RemotingCommand.response(ResponseCode.PULL_NOT_FOUND, "long poll ended"),
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)));
        server.registerProcessor(RequestCode.UNREGISTER_CLIENT, (connection, request) -> {
            onewayRequests.add(request);
            return null;
        });
        server.start();

        clientProcessors = Executors.newSingleThreadExecutor();
        rocketMqClient = new NettyRemotingClient(new NettyClientConfig());
        rocketMqClient.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                serverRequestsAtClient.add(request);
                org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                        org.apache.rocketmq.remoting.protocol.RemotingCommand.createResponseCommand(
                                ResponseCode.SUCCESS, "checked");
                response.addExtField("transactionId", request.getExtFields().get("transactionId"));
                return response;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, clientProcessors);
        rocketMqClient.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, new NettyRequestProcessor() {
            @Override
            public org.apache.rocketmq.remoting.protocol.RemotingCommand processRequest(ChannelHandlerContext ctx,
                    org.apache.rocketmq.remoting.protocol.RemotingCommand request) {
                serverRequestsAtClient.add(request);
                return null;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        }, clientProcessors);
        rocketMqClient.start();
    }

    @AfterAll
    static void stop() {
        rocketMqClient.shutdown();
        clientProcessors.shutdownNow();
        server.close();
    }

    private static String address() {
        return "127.0.0.1:" + server.port();
    }

    private static org.apache.rocketmq.remoting.protocol.RemotingCommand rocketMqRequest(int code,
            SerializeType type) {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(code, null);
        HashMap<String, String> fields = new HashMap<>();
        fields.put("clientID", "127.0.0.1@4242");
        request.setExtFields(fields);
        request.setBody("{\"clientID\":\"127.0.0.1@4242\"}".getBytes(StandardCharsets.UTF_8));
        request.setSerializeTypeCurrentRPC(type);
        return request;
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void shouldAnswerTheRocketMqClientsSynchronousCall(SerializeType type) throws Exception {
        org.apache.rocketmq.remoting.protocol.RemotingCommand request = rocketMqRequest(RequestCode.HEART_BEAT, type);
        org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                rocketMqClient.invokeSync(address(), request, TIMEOUT_MILLIS);
        assertNotNull(response, "a response within the timeout");
        assertTrue(response.isResponseType());
        assertEquals(request.getOpaque(), response.getOpaque());
        assertEquals(ResponseCode.SUCCESS, response.getCode());
        assertEquals("heartbeat from 127.0.0.1@4242", response.getRemark());
        assertEquals("127.0.0.1@4242", response.getExtFields().get("echo"));
        assertArrayEquals(request.getBody(), response.getBody());
        assertEquals(type, response.getSerializeTypeCurrentRPC(), "answered in the request's header encoding");
    }

    @Test
    void shouldAnswerTheRocketMqClientsAsynchronousCallWhenTheProcessorCompletes() throws Exception {
        CompletableFuture<org.apache.rocketmq.remoting.protocol.RemotingCommand> answered = new CompletableFuture<>();
        rocketMqClient.invokeAsync(address(), rocketMqRequest(RequestCode.PULL_MESSAGE, SerializeType.JSON),
                TIMEOUT_MILLIS, new InvokeCallback() {
                    @Override
                    public void operationComplete(ResponseFuture responseFuture) {
                    }

                    @Override
                    public void operationSucceed(org.apache.rocketmq.remoting.protocol.RemotingCommand response) {
                        answered.complete(response);
                    }

                    @Override
                    public void operationFail(Throwable throwable) {
                        answered.completeExceptionally(throwable);
                    }
                });
        org.apache.rocketmq.remoting.protocol.RemotingCommand response = answered.get(10, TimeUnit.SECONDS);
        assertEquals(ResponseCode.PULL_NOT_FOUND, response.getCode());
        assertEquals("long poll ended", response.getRemark());
    }

    @Test
    void shouldTakeTheRocketMqClientsOnewayCall() throws Exception {
        rocketMqClient.invokeOneway(address(), rocketMqRequest(RequestCode.UNREGISTER_CLIENT, SerializeType.ROCKETMQ),
                TIMEOUT_MILLIS);
        RemotingCommand request = onewayRequests.poll(10, TimeUnit.SECONDS);
        assertNotNull(request);
        assertTrue(request.isOneway());
        assertEquals("127.0.0.1@4242", request.extField("clientID"));
    }

    @Test
    void shouldAnswerAnUnknownCodeWithRequestCodeNotSupported() throws Exception {
        org.apache.rocketmq.remoting.protocol.RemotingCommand response =
                rocketMqClient.invokeSync(address(), rocketMqRequest(12345, SerializeType.JSON), TIMEOUT_MILLIS);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.getCode());
        assertTrue(response.getRemark().contains("12345"), response.getRemark());
    }

    @Test
    void shouldCallTheRocketMqClientBackOnItsConnection() throws Exception {
        rocketMqClient.invokeSync(address(), rocketMqRequest(RequestCode.HEART_BEAT, SerializeType.JSON),
                TIMEOUT_MILLIS);
        RemotingConnection toClient = clientConnection.get(10, TimeUnit.SECONDS);

        RemotingCommand answer = toClient.invoke(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extField("transactionId", "tx-1").extField("tranStateTableOffset", "10").build(),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertEquals(ResponseCode.SUCCESS, answer.code());
        assertEquals("checked", answer.remark());
        assertEquals("tx-1", answer.extField("transactionId"));
        assertEquals("10", serverRequestsAtClient.poll(10, TimeUnit.SECONDS).getExtFields()
                .get("tranStateTableOffset"));

        toClient.invokeOneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                .extField("consumerGroup", "group-a").build()).get(10, TimeUnit.SECONDS);
        org.apache.rocketmq.remoting.protocol.RemotingCommand notice = serverRequestsAtClient.poll(10,
                TimeUnit.SECONDS);
        assertNotNull(notice);
        assertTrue(notice.isOnewayRPC());
        assertEquals("group-a", notice.getExtFields().get("consumerGroup"));
    }
}
