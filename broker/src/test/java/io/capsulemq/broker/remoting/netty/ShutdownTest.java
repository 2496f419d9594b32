package io.capsulemq.broker.remoting.netty;

import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RemotingConnectionException;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class ShutdownTest {
    @Test
    void shouldLeaveNoThreadBehindOnceServerAndClientClose() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RemotingServer server = new RemotingServer(RemotingServerConfig.defaults()
                .withIdleTimeout(Duration.ofSeconds(30)).withIoThreads(2));
        server.registerProcessor(RequestCode.HEART_BEAT, (connection, request) ->
                CompletableFuture.completedFuture(RemotingCommand.response(ResponseCode.SUCCESS, null)));
        server.start();
        RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
        for (int i = 0; i < 10; i++) {
            assertEquals(ResponseCode.SUCCESS, client.invoke("127.0.0.1:" + server.port(),
                    RemotingCommand.request(RequestCode.HEART_BEAT).build(), Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS).code());
        }
        assertFalse(startedSince(before).isEmpty(), "the transport runs threads of its own");

        client.close();
        server.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<String> left = startedSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = startedSince(before);
        }
        assertEquals(Set.of(), left, "threads still alive after close");
    }

    @Test
    void shouldCloseEveryConnectionAndTellListenersWhenTheServerCloses() throws Exception {
        RemotingServer server = new RemotingServer(RemotingServerConfig.defaults());
        server.registerProcessor(RequestCode.PULL_MESSAGE, (connection, request) -> new CompletableFuture<>());
        CountDownLatch closed = new CountDownLatch(2);
        server.addConnectionListener(connection -> closed.countDown());
        server.start();
        try (RemotingClient first = new RemotingClient(RemotingClientConfig.defaults());
             RemotingClient second = new RemotingClient(RemotingClientConfig.defaults())) {
            String address = "127.0.0.1:" + server.port();
            RemotingConnection firstConnection = first.connect(address).get(10, TimeUnit.SECONDS);
            second.connect(address).get(10, TimeUnit.SECONDS);
            CompletableFuture<RemotingCommand> waiting = firstConnection.invoke(
                    RemotingCommand.request(RequestCode.PULL_MESSAGE).build(), Duration.ofSeconds(30));
            waitUntil(() -> server.connections().size() == 2);

            server.close();

            assertTrue(closed.await(10, TimeUnit.SECONDS), "listeners heard of both closes");
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertInstanceOf(RemotingConnectionException.class, e.getCause());
            assertTrue(server.connections().isEmpty());
        }
    }

    private static Set<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(10);
        }
    }
}
