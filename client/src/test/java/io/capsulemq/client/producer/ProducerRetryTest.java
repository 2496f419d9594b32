package io.capsulemq.client.producer;

import io.capsulemq.client.TestBroker;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.client.local.LocalGateway;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sends that fail are tried again, up to the producer's maximum, when trying again can help. */
class ProducerRetryTest {
    private final ClientServiceProvider provider = TestBroker.provider();
    private final String endpoint = "flaky-" + UUID.randomUUID();
    private final List<OutgoingMessage> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile GatewayException.Kind failure = GatewayException.Kind.UNAVAILABLE;
    private TestBroker broker;

    @BeforeEach
    void start(@TempDir Path dir) {
        broker = TestBroker.start(dir);
        LocalGateway real = new LocalGateway(broker.broker());
        BrokerGateway flaky = (BrokerGateway) Proxy.newProxyInstance(BrokerGateway.class.getClassLoader(),
                new Class<?>[] {BrokerGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        attempts.add((OutgoingMessage) args[0]);
                        if (failuresLeft.getAndDecrement() > 0) {
                            return CompletableFuture.failedFuture(new GatewayException(failure, "injected"));
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CapsuleEndpoints.register(endpoint, flaky);
    }

    @AfterEach
    void stop() {
        CapsuleEndpoints.unregister(endpoint);
        broker.close();
    }

    private Producer producer(int maxAttempts) throws ClientException {
        return provider.newProducerBuilder().setMaxAttempts(maxAttempts)
                .setClientConfiguration(ClientConfiguration.newBuilder().setEndpoints(endpoint).build()).build();
    }

    private Message message() {
        return provider.newMessageBuilder().setTopic("retried").setBody(new byte[] {1}).build();
    }

    @Test
    void shouldTryAgainOnTheNextQueueWithTheSameMessageId() throws Exception {
        failuresLeft.set(2);
        try (Producer producer = producer(3)) {
            String id = producer.send(message()).getMessageId().toString();
            assertEquals(3, attempts.size());
            assertTrue(attempts.stream().allMatch(a -> a.properties().get("UNIQ_KEY").equals(id)));
            assertEquals(3, attempts.stream().map(OutgoingMessage::queueId).distinct().count(),
                    "each attempt goes to the next queue");
        }
    }

    @Test
    void shouldGiveUpAfterTheMaximumAttempts() throws Exception {
        failuresLeft.set(5);
        try (Producer producer = producer(2)) {
            ClientException e = assertThrows(ClientException.class, () -> producer.send(message()));
            assertTrue(e.getMessage().contains("injected"), e.getMessage());
            assertEquals(2, attempts.size());
        }
    }

    @Test
    void shouldNotTryAgainWhatTheBrokerRefusedAsIllegal() throws Exception {
        failure = GatewayException.Kind.ILLEGAL_REQUEST;
        failuresLeft.set(1);
        try (Producer producer = producer(3)) {
            assertThrows(ClientException.class, () -> producer.send(message()));
            assertEquals(1, attempts.size());
        }
    }

    @Test
    void shouldNotTryAHalfMessageAgain() throws Exception {
        failuresLeft.set(1);
        try (Producer producer = producer(3)) {
            assertThrows(ClientException.class, () -> producer.send(message(), producer.beginTransaction()));
            assertEquals(1, attempts.size());
        }
    }
}
