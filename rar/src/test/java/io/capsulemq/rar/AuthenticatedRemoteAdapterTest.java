package io.capsulemq.rar;

import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.peers.ApacheRocketMq;
import io.capsulemq.rar.api.CapsuleProducerFactory;
import io.capsulemq.rar.inbound.CapsuleActivationSpec;
import io.capsulemq.rar.outbound.CapsuleManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapterInternalException;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter's remote mode against a real Apache RocketMQ 5.5.0 broker with authentication on: given the user's
 * {@code accessKey} and {@code secretKey}, its producer sends and its MDB receives (every request signed); without
 * them, or with a wrong secret key, the adapter does not start, saying why.
 */
class AuthenticatedRemoteAdapterTest {
    private static final String USER = "adapter-user";
    private static final String PASSWORD = "adapter-secret-1";

    @TempDir
    static Path home;
    @TempDir
    Path dir;

    private static ApacheRocketMq rocketMq;
    private final List<CapsuleResourceAdapter> started = new ArrayList<>();

    @BeforeAll
    static void startRocketMqWithAuthentication() throws Exception {
        rocketMq = ApacheRocketMq.start(home, Map.of(
                "authenticationEnabled", "true",
                "authenticationProvider",
                "org.apache.rocketmq.auth.authentication.provider.DefaultAuthenticationProvider",
                "authenticationMetadataProvider",
                "org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider",
                "initAuthenticationUser", "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}",
                "innerClientAuthenticationCredentials",
                "{\"accessKey\":\"broker-inner\",\"secretKey\":\"inner-secret-1\"}"), "512m");
    }

    @AfterAll
    static void stopRocketMq() throws Exception {
        if (rocketMq != null) {
            rocketMq.close();
        }
    }

    @AfterEach
    void stopAdapters() {
        started.forEach(CapsuleResourceAdapter::stop);
    }

    private CapsuleResourceAdapter adapter(String accessKey, String secretKey) {
        CapsuleResourceAdapter ra = new CapsuleResourceAdapter();
        ra.setMode("remote");
        ra.setNamesrvAddr(rocketMq.nameServerAddress());
        ra.setStoreDir(dir.toString());
        ra.setAccessKey(accessKey);
        ra.setSecretKey(secretKey);
        return ra;
    }

    @Test
    void shouldSendAndDeliverToAnMdbWithTheAdaptersCredentials() throws Exception {
        CapsuleResourceAdapter ra = adapter(USER, PASSWORD);
        ra.start(FakeServer.bootstrap());
        started.add(ra);
        String topic = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        FakeServer.Bean bean = new FakeServer.Bean("signed-bean", false, m -> ConsumeResult.SUCCESS);
        CapsuleActivationSpec spec = new CapsuleActivationSpec();
        spec.setTopic(topic);
        spec.setConsumerGroup("signed-group-" + UUID.randomUUID().toString().substring(0, 8));
        ra.endpointActivation(bean, spec);

        CapsuleManagedConnectionFactory mcf = new CapsuleManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        try (Producer producer = ((CapsuleProducerFactory) mcf.createConnectionFactory()).createProducer()) {
            producer.send(new CapsuleClientServiceProvider().newMessageBuilder().setTopic(topic)
                    .setBody("signed hello".getBytes(StandardCharsets.UTF_8)).build());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bean.received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, bean.received.size(), "the message delivered to the MDB");
        assertEquals("signed hello", StandardCharsets.UTF_8.decode(bean.received.get(0).getBody().duplicate())
                .toString());
        ra.endpointDeactivation(bean, spec);
    }

    @Test
    void shouldNotStartWithAWrongSecretKeySayingWhy() {
        ResourceAdapterInternalException e = assertThrows(ResourceAdapterInternalException.class,
                () -> adapter(USER, "not-the-password").start(FakeServer.bootstrap()));
        assertTrue(e.getMessage().contains("NO_PERMISSION: check signature failed")
                && e.getMessage().contains("signed with access key " + USER), e.getMessage());
        assertTrue(!e.getMessage().contains("not-the-password"), e.getMessage());
    }

    @Test
    void shouldNotStartWithoutCredentialsSayingWhy() {
        ResourceAdapterInternalException e = assertThrows(ResourceAdapterInternalException.class,
                () -> adapter("", "").start(FakeServer.bootstrap()));
        assertTrue(e.getMessage().contains("NO_PERMISSION") && e.getMessage().contains("no credentials"),
                e.getMessage());
    }
}
