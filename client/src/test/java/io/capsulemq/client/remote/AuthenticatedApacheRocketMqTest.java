package io.capsulemq.client.remote;

import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.OutgoingMessage;
import io.capsulemq.peers.ApacheRocketMq;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our native client against a real Apache RocketMQ 5.5.0 broker with authentication on (ACL 2.0: the default
 * authentication provider over users kept by the broker), given credentials the way RocketMQ 5 applications give
 * them: {@code ClientConfiguration.newBuilder().setCredentialProvider(...)}. Authorization stays off, so any user
 * the broker knows may do anything; the NameServer checks nothing.
 */
class AuthenticatedApacheRocketMqTest {
    private static final String USER = "capsule-app";
    private static final String PASSWORD = "app-secret-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ApacheRocketMq rocketMq;

    private final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startRocketMqWithAuthentication() throws Exception {
        Path home = Path.of("target", "peers", "apache-rocketmq-authenticated").toAbsolutePath();
        deleteRecursively(home);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("authenticationEnabled", "true");
        settings.put("authenticationProvider",
                "org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider");
        settings.put("authenticationMetadataProvider",
                "org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider");
        settings.put("initAuthenticationUser", "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}");
        // What the broker signs its own requests with (to the NameServer and other brokers).
        settings.put("innerClientAuthenticationCredentials",
                "{\"accessKey\":\"broker-inner\",\"secretKey\":\"inner-secret-1\"}");
        rocketMq = ApacheRocketMq.start(home, settings, "1g");
    }

    @AfterAll
    static void stopRocketMq() throws Exception {
        if (rocketMq != null) {
            rocketMq.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static ClientConfiguration configuration(String accessKey, String secretKey) {
        org.apache.rocketmq.client.apis.ClientConfigurationBuilder builder = ClientConfiguration.newBuilder()
                .setEndpoints(rocketMq.nameServerAddress());
        if (accessKey != null) {
            builder.setCredentialProvider(new StaticSessionCredentialsProvider(accessKey, secretKey));
        }
        return builder.build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Message message(String topic, String body) {
        return provider.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Creates the topic through a gateway signing as the broker's user: administration is signed too. */
    private static void createTopic(String topic) {
        try (GatewayLease lease = CapsuleEndpoints.open(rocketMq.nameServerAddress(),
                new AccessCredentials(USER, PASSWORD))) {
            ((RemoteGateway) lease.gateway()).createTopicIfAbsent(topic, "NORMAL");
        }
    }

    @Test
    void shouldSendAndReceiveWithTheRightCredentials() throws Exception {
        String topic = unique("signed");
        createTopic(topic);
        SimpleConsumer consumer = open(provider.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration(USER, PASSWORD)).setConsumerGroup(unique("signed-readers"))
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
                .setAwaitDuration(Duration.ofSeconds(2)).build());
        Producer producer = open(provider.newProducerBuilder().setClientConfiguration(configuration(USER, PASSWORD))
                .setTopics(topic).build());
        SendReceipt receipt = producer.send(message(topic, "paid order 42"));

        List<MessageView> received = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
            received.addAll(consumer.receive(16, Duration.ofSeconds(30)));
        }
        assertEquals(1, received.size(), "the message sent: " + received);
        assertEquals(receipt.getMessageId(), received.get(0).getMessageId());
        assertEquals("paid order 42", StandardCharsets.UTF_8.decode(received.get(0).getBody()).toString());
        consumer.ack(received.get(0));
    }

    /**
     * A producer checks in with every broker as it is built (HEART_BEAT), so wrong credentials stop it there, with
     * the broker's own reason.
     */
    @Test
    void shouldRefuseAProducerWithAWrongSecretKeySayingSo() {
        String topic = unique("forged");
        createTopic(topic);
        ClientException e = assertThrows(ClientException.class, () -> open(provider.newProducerBuilder()
                .setClientConfiguration(configuration(USER, "not-the-password")).setTopics(topic).build()));
        assertTrue(e.getMessage().contains("NO_PERMISSION: check signature failed")
                && e.getMessage().contains("signed with access key " + USER), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    /** The send itself (SEND_MESSAGE_V2, signed with its body) is refused too, not only the check-in. */
    @Test
    void shouldRefuseTheSendRequestItselfWithAWrongSecretKey() {
        String topic = unique("forged-send");
        createTopic(topic);
        try (GatewayLease lease = CapsuleEndpoints.open(rocketMq.nameServerAddress(),
                new AccessCredentials(USER, "not-the-password"))) {
            OutgoingMessage forged = new OutgoingMessage(topic, 0, "forged".getBytes(StandardCharsets.UTF_8),
                    Map.of("UNIQ_KEY", UUID.randomUUID().toString().replace("-", "").toUpperCase()),
                    System.currentTimeMillis(), new InetSocketAddress("127.0.0.1", 0));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> lease.gateway().send(forged).get(30, TimeUnit.SECONDS));
            GatewayException refusal = (GatewayException) e.getCause();
            assertEquals(GatewayException.Kind.FORBIDDEN, refusal.kind());
            assertTrue(refusal.getMessage().contains("NO_PERMISSION: check signature failed"), refusal.getMessage());
        }
    }

    @Test
    void shouldRefuseAProducerWithoutCredentialsSayingSo() {
        String topic = unique("anonymous");
        createTopic(topic);
        ClientException e = assertThrows(ClientException.class, () -> open(provider.newProducerBuilder()
                .setClientConfiguration(configuration(null, null)).setTopics(topic).build()));
        assertTrue(e.getMessage().contains("NO_PERMISSION") && e.getMessage().contains("no credentials"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownUserNamingIt() {
        String topic = unique("strangers");
        createTopic(topic);
        ClientException e = assertThrows(ClientException.class, () -> open(provider.newProducerBuilder()
                .setClientConfiguration(configuration("stranger", PASSWORD)).setTopics(topic).build()));
        assertTrue(e.getMessage().contains("NO_PERMISSION: User:stranger is not found"), e.getMessage());
    }

    /** Clients with the same credentials share a gateway; other credentials, or none, get their own. */
    @Test
    void shouldShareAGatewayOnlyBetweenClientsWithTheSameCredentials() {
        String endpoint = rocketMq.nameServerAddress();
        try (GatewayLease first = CapsuleEndpoints.open(endpoint, new AccessCredentials(USER, PASSWORD));
             GatewayLease same = CapsuleEndpoints.open(endpoint, new AccessCredentials(USER, PASSWORD));
             GatewayLease other = CapsuleEndpoints.open(endpoint, new AccessCredentials(USER, "not-the-password"));
             GatewayLease none = CapsuleEndpoints.open(endpoint)) {
            assertSame(first.gateway(), same.gateway());
            assertNotSame(first.gateway(), other.gateway());
            assertNotSame(first.gateway(), none.gateway());
            assertEquals(new AccessCredentials(USER, PASSWORD), ((RemoteGateway) first.gateway()).credentials()
                    .orElseThrow());
            assertTrue(((RemoteGateway) none.gateway()).credentials().isEmpty());
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
