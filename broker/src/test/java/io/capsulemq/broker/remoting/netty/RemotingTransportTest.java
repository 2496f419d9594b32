package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.ConnectionListener;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RemotingConnectionException;
import io.capsulemq.broker.remoting.RemotingTimeoutException;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Our server and our client talking to each other. */
class RemotingTransportTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final int ECHO = RequestCode.HEART_BEAT;

    private RemotingServer server;
    private RemotingClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(RemotingServerConfig config) {
        server = new RemotingServer(config);
        server.registerProcessor(ECHO, (connection, request) -> CompletableFuture.completedFuture(
                RemotingCommand.response(ResponseCode.SUCCESS).extFields(request.extFields()).body(request.body())
                        .remark("echo").build()));
        server.start();
    }

    private void start() {
        start(RemotingServerConfig.defaults());
    }

    private RemotingClient client() {
        client = new RemotingClient(RemotingClientConfig.defaults());
        return client;
    }

    private String address() {
        return "127.0.0.1:" + server.port();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldAnswerARequestWithTheProcessorsResponse() throws Exception {
        start();
        RemotingCommand response = await(client().invoke(address(), RemotingCommand.request(ECHO)
                .extField("clientID", "c1").body("ping".getBytes(StandardCharsets.UTF_8)).build(), CALL_TIMEOUT));
        assertTrue(response.isResponse());
        assertEquals(ResponseCode.SUCCESS, response.code());
        assertEquals("echo", response.remark());
        assertEquals("c1", response.extField("clientID"));
        assertEquals("ping", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldMatchConcurrentResponsesToTheirRequestsByOpaque() throws Exception {
        start();
        RemotingConnection connection = await(client().connect(address()));
        List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(connection.invoke(RemotingCommand.request(ECHO).extField("i", Integer.toString(i)).build(),
                    CALL_TIMEOUT));
        }
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(Integer.toString(i), await(calls.get(i)).extField("i"));
        }
    }

    @Test
    void shouldAnswerInTheSerializeTypeOfTheRequest() throws Exception {
        start();
        for (SerializeType type : SerializeType.values()) {
            RemotingCommand response = await(client().invoke(address(), RemotingCommand.request(ECHO)
                    .serializeType(type).build(), CALL_TIMEOUT));
            assertEquals(type, response.serializeType());
        }
    }

    @Test
    void shouldSendTheAnswerOfAProcessorThatCompletesLaterOnAnotherThread() throws Exception {
        start();
        server.registerProcessor(RequestCode.PULL_MESSAGE, (connection, request) -> CompletableFuture.supplyAsync(
                () -> RemotingCommand.response(ResponseCode.PULL_NOT_FOUND, "nothing yet"),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
        RemotingCommand response = await(client().invoke(address(), RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .build(), CALL_TIMEOUT));
        assertEquals(ResponseCode.PULL_NOT_FOUND, response.code());
    }

    @Test
    void shouldDeliverAOnewayRequestAndSendNoAnswer() throws Exception {
        start();
        BlockingQueue<RemotingCommand> received = new LinkedBlockingQueue<>();
        server.registerProcessor(RequestCode.UNREGISTER_CLIENT, (connection, request) -> {
            received.add(request);
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null));
        });
        await(client().invokeOneway(address(), RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                .extField("clientID", "c1").build()));
        RemotingCommand request = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(request);
        assertTrue(request.isOneway());
        assertEquals("c1", request.extField("clientID"));
        // An echo on the same connection comes back as the next frame: no answer to the one-way request came first.
        assertEquals("echo", await(client.invoke(address(), RemotingCommand.request(ECHO).build(), CALL_TIMEOUT))
                .remark());
    }

    @Test
    void shouldAnswerAnUnknownCodeWithRequestCodeNotSupported() throws Exception {
        start();
        RemotingCommand response = await(client().invoke(address(), RemotingCommand.request(9999).build(),
                CALL_TIMEOUT));
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, response.code());
        assertTrue(response.remark().contains("9999"), response.remark());
    }

    @Test
    void shouldAnswerSystemErrorWhenAProcessorFails() throws Exception {
        start();
        server.registerProcessor(RequestCode.SEND_MESSAGE, (connection, request) -> {
            throw new IllegalStateException("store is closed");
        });
        server.registerProcessor(RequestCode.SEND_MESSAGE_V2, (connection, request) ->
                CompletableFuture.failedFuture(new IllegalStateException("disk full")));
        RemotingCommand thrown = await(client().invoke(address(), RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .build(), CALL_TIMEOUT));
        assertEquals(ResponseCode.SYSTEM_ERROR, thrown.code());
        assertTrue(thrown.remark().contains("store is closed"), thrown.remark());
        RemotingCommand failed = await(client.invoke(address(), RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .build(), CALL_TIMEOUT));
        assertEquals(ResponseCode.SYSTEM_ERROR, failed.code());
        assertTrue(failed.remark().contains("disk full"), failed.remark());
    }

    @Test
    void shouldAnswerSystemBusyWhenTheProcessorsExecutorRefusesWork() throws Exception {
        start();
        Executor full = task -> {
            throw new RejectedExecutionException("queue full");
        };
        server.registerProcessor(RequestCode.SEND_MESSAGE, (connection, request) -> null, full);
        RemotingCommand response = await(client().invoke(address(), RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .build(), CALL_TIMEOUT));
        assertEquals(ResponseCode.SYSTEM_BUSY, response.code());
    }

    @Test
    void shouldAnswerSystemErrorWhenTheResponseCannotBeEncodedInTheRequestsHeaderType() throws Exception {
        start();
        server.registerProcessor(RequestCode.SEND_MESSAGE, (connection, request) ->
                CompletableFuture.completedFuture(RemotingCommand.response(70000, null)));
        RemotingCommand response = await(client().invoke(address(), RemotingCommand.request(RequestCode.SEND_MESSAGE)
                .serializeType(SerializeType.ROCKETMQ).build(), CALL_TIMEOUT));
        assertEquals(ResponseCode.SYSTEM_ERROR, response.code());
        assertTrue(response.remark().contains("70000"), response.remark());
    }

    @Test
    void shouldRefuseToWaitForTheAnswerToAOnewayRequest() throws Exception {
        start();
        RemotingConnection connection = await(client().connect(address()));
        assertThrows(IllegalArgumentException.class, () -> connection.invoke(RemotingCommand.request(ECHO)
                .markOneway().build(), CALL_TIMEOUT));
    }

    @Test
    void shouldFailToConnectToAMalformedAddress() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client().connect("no-port-here").get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemotingConnectionException.class, e.getCause());
    }

    @Test
    void shouldFailACallWithNoAnswerAtItsTimeoutAndForgetIt() throws Exception {
        start();
        server.registerProcessor(RequestCode.PULL_MESSAGE, (connection, request) -> new CompletableFuture<>());
        NettyConnection connection = (NettyConnection) await(client().connect(address()));
        CompletableFuture<RemotingCommand> call = connection.invoke(RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .build(), Duration.ofMillis(200));
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RemotingTimeoutException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("PULL_MESSAGE"), e.getCause().getMessage());
        assertEquals(0, connection.pendingCallCount());
        assertEquals(ResponseCode.SUCCESS, await(connection.invoke(RemotingCommand.request(ECHO).build(),
                CALL_TIMEOUT)).code(), "the connection still works");
    }

    @Test
    void shouldForgetACallItsCallerCancelled() throws Exception {
        start();
        server.registerProcessor(RequestCode.PULL_MESSAGE, (connection, request) -> new CompletableFuture<>());
        NettyConnection connection = (NettyConnection) await(client().connect(address()));
        CompletableFuture<RemotingCommand> call = connection.invoke(RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .build(), CALL_TIMEOUT);
        call.cancel(false);
        assertEquals(0, connection.pendingCallCount());
    }

    @Test
    void shouldFailWaitingCallsAtOnceWhenTheirConnectionCloses() throws Exception {
        start();
        server.registerProcessor(RequestCode.PULL_MESSAGE, (connection, request) -> {
            connection.close();
            return new CompletableFuture<>();
        });
        CompletableFuture<RemotingCommand> call = client().invoke(address(),
                RemotingCommand.request(RequestCode.PULL_MESSAGE).build(), Duration.ofMinutes(5));
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS),
                "failed long before the call's own timeout");
        assertInstanceOf(RemotingConnectionException.class, e.getCause());
    }

    @Test
    void shouldLetTheServerCallTheClientOnTheClientsConnection() throws Exception {
        start();
        CompletableFuture<RemotingConnection> clientConnection = new CompletableFuture<>();
        server.registerProcessor(RequestCode.HEART_BEAT, (connection, request) -> {
            clientConnection.complete(connection);
            return CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null));
        });
        BlockingQueue<RemotingCommand> notices = new LinkedBlockingQueue<>();
        client().registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, (connection, request) ->
                CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS)
                        .extField("commitOrRollback", "8").extField("tranStateTableOffset",
                                request.extField("tranStateTableOffset")).build()));
        client.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (connection, request) -> {
            notices.add(request);
            return null;
        });
        await(client.invoke(address(), RemotingCommand.request(RequestCode.HEART_BEAT).build(), CALL_TIMEOUT));

        RemotingConnection toClient = await(clientConnection);
        RemotingCommand answer = await(toClient.invoke(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE)
                .extField("tranStateTableOffset", "77").build(), CALL_TIMEOUT));
        assertEquals("8", answer.extField("commitOrRollback"));
        assertEquals("77", answer.extField("tranStateTableOffset"));

        await(toClient.invokeOneway(RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                .extField("consumerGroup", "g").build()));
        RemotingCommand notice = notices.poll(10, TimeUnit.SECONDS);
        assertNotNull(notice);
        assertEquals("g", notice.extField("consumerGroup"));
        assertEquals(List.of(toClient), server.connections());
    }

    @Test
    void shouldTellListenersOnBothEndsWhenAConnectionOpensAndCloses() throws Exception {
        start();
        BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();
        server.addConnectionListener(new ConnectionListener() {
            @Override
            public void connected(RemotingConnection connection) {
                serverEvents.add("connected");
            }

            @Override
            public void closed(RemotingConnection connection) {
                serverEvents.add("closed " + connection.isActive());
            }
        });
        CountDownLatch clientSawClose = new CountDownLatch(1);
        client().addConnectionListener(connection -> clientSawClose.countDown());
        RemotingConnection connection = await(client.connect(address()));
        assertEquals("connected", serverEvents.poll(10, TimeUnit.SECONDS));
        await(connection.close());
        assertEquals("closed false", serverEvents.poll(10, TimeUnit.SECONDS));
        assertTrue(clientSawClose.await(10, TimeUnit.SECONDS));
        assertTrue(server.connections().isEmpty() || waitForNoConnections());
    }

    @Test
    void shouldCloseConnectionsIdleBeyondTheTimeout() throws Exception {
        start(RemotingServerConfig.defaults().withIdleTimeout(Duration.ofMillis(300)));
        CountDownLatch closed = new CountDownLatch(2);
        server.addConnectionListener(connection -> closed.countDown());
        client().addConnectionListener(connection -> closed.countDown());
        RemotingConnection first = await(client.connect(address()));
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the server closed the idle connection; the client saw it");
        RemotingConnection second = await(client.connect(address()));
        assertNotSame(first, second, "the client opens a new connection for the closed one");
        assertEquals(ResponseCode.SUCCESS, await(second.invoke(RemotingCommand.request(ECHO).build(), CALL_TIMEOUT))
                .code());
    }

    @Test
    void shouldKeepABusyConnectionOpenPastTheIdleTimeout() throws Exception {
        start(RemotingServerConfig.defaults().withIdleTimeout(Duration.ofMillis(400)));
        RemotingConnection connection = await(client().connect(address()));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
        while (System.nanoTime() < end) {
            await(connection.invoke(RemotingCommand.request(ECHO).build(), CALL_TIMEOUT));
            Thread.sleep(100);
        }
        assertTrue(connection.isActive());
    }

    @Test
    void shouldReuseOneConnectionPerAddress() throws Exception {
        start();
        RemotingConnection first = await(client().connect(address()));
        assertSame(first, await(client.connect(address())));
    }

    @Test
    void shouldFailToConnectWhereNobodyListens() throws Exception {
        start();
        int port = server.port();
        server.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client().connect("127.0.0.1:" + port).get(10, TimeUnit.SECONDS));
        assertInstanceOf(RemotingConnectionException.class, e.getCause());
    }

    private boolean waitForNoConnections() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (server.connections().isEmpty()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
