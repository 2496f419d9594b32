package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.capsulemq.broker.engine.TestBrokers;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.registration.BrokerRegistrar;
import io.capsulemq.broker.registration.RegistrarConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static io.capsulemq.broker.namesrv.NameServerFixture.CLUSTER;
import static io.capsulemq.broker.namesrv.NameServerFixture.register;
import static io.capsulemq.broker.namesrv.NameServerFixture.topic;
import static io.capsulemq.broker.namesrv.NameServerFixture.topics;
import static org.junit.jupiter.api.Assertions.*;

/** A NameServer drops a broker silent for 120 s, or whose connection closed, with all its routes. */
class BrokerLivenessTest {
    private static final String ADDR_A = "127.0.0.1:10911";
    private static final String ADDR_B = "127.0.0.1:20911";

    private final ManualClock clock = new ManualClock(1_000_000);
    private final NameServerFixture ns = new NameServerFixture(NameServerConfig.defaults().withPort(0)
            .withClock(clock).withScanInterval(Duration.ofMillis(20)));

    @AfterEach
    void close() {
        ns.close();
    }

    private void registerOk(RemotingCommand request) {
        assertEquals(ResponseCode.SUCCESS, ns.call(request).code());
    }

    @Test
    void shouldDropABrokerSilentForLongerThan120Seconds() throws InterruptedException {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8), topic("audit", 1))));
        clock.advance(Duration.ofSeconds(60));
        registerOk(register("broker-b", ADDR_B, 0, topics(topic("orders", 4))));

        clock.advance(Duration.ofSeconds(60));
        Thread.sleep(100);
        assertEquals(0, ns.nameServer().dropSilentBrokers(), "a broker silent for exactly 120 s stays");
        assertTrue(ns.route("audit").isPresent());

        clock.advance(Duration.ofMillis(1));
        // The scan runs every 20 ms here; it drops broker-a, which is 1 ms past its 120 s, and keeps broker-b.
        awaitTrue(() -> ns.route("audit").isEmpty(), "broker-a's routes dropped by the periodic scan");
        assertEquals(Set.of("broker-b"), ns.clusterInfo().clusterAddrTable().get(CLUSTER));
        assertEquals("broker-b", ns.route("orders").orElseThrow().brokerDatas().get(0).brokerName());
    }

    @Test
    void shouldKeepABrokerThatHeartbeatsWithoutReRegistering() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(100));
            RemotingCommand heartbeat = i % 2 == 0
                    ? RemotingCommand.request(NamesrvRequestCode.BROKER_HEARTBEAT).extField("clusterName", CLUSTER)
                            .extField("brokerAddr", ADDR_A).extField("brokerName", "broker-a").build()
                    : RemotingCommand.request(RequestCode.QUERY_DATA_VERSION).extField("clusterName", CLUSTER)
                            .extField("brokerAddr", ADDR_A).extField("brokerName", "broker-a")
                            .extField("brokerId", "0").body(WireJson.encode(new DataVersion(0, 1, 1))).build();
            registerOk(heartbeat);
            assertEquals(0, ns.nameServer().dropSilentBrokers());
        }
        assertTrue(ns.route("orders").isPresent());
        clock.advance(Duration.ofSeconds(121));
        assertEquals(1, ns.nameServer().dropSilentBrokers());
        assertTrue(ns.route("orders").isEmpty());
    }

    @Test
    void shouldHonourTheTimeoutABrokerRegistersWith() {
        registerOk(NameServerFixture.registerBuilder("broker-a", ADDR_A, 0,
                        register("x", ADDR_A, 0, topics(topic("orders", 8))).body())
                .extField("heartbeatTimeoutMillis", "10000").build());
        clock.advance(Duration.ofSeconds(9));
        assertEquals(0, ns.nameServer().dropSilentBrokers());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, ns.nameServer().dropSilentBrokers());
        assertTrue(ns.route("orders").isEmpty());
    }

    @Test
    void shouldDropTheBrokersOfAClosedConnectionAtOnce() {
        try (RemotingClient brokerSide = new RemotingClient(RemotingClientConfig.defaults())) {
            RemotingConnection connection = brokerSide.connect(ns.address()).join();
            assertEquals(ResponseCode.SUCCESS, NameServerFixture.call(connection,
                    register("broker-a", ADDR_A, 0, topics(topic("orders", 8)))).code());
            registerOk(register("broker-b", ADDR_B, 0, topics(topic("orders", 4))));
            assertEquals(2, ns.route("orders").orElseThrow().brokerDatas().size());

            connection.close().join();

            awaitTrue(() -> ns.route("orders").orElseThrow().brokerDatas().size() == 1,
                    "broker-a dropped when its connection closed");
            assertEquals("broker-b", ns.route("orders").orElseThrow().brokerDatas().get(0).brokerName());
            assertFalse(ns.clusterInfo().brokerAddrTable().containsKey("broker-a"));
        }
    }

    // Found by the fuzzer: a broker name registered in a second cluster stayed routed after its connection closed.
    @Test
    void shouldForgetABrokerNameRegisteredInTwoClustersOnceBothConnectionsClose() {
        try (RemotingClient brokerSide = new RemotingClient(RemotingClientConfig.defaults())) {
            RemotingConnection first = brokerSide.connect(ns.address()).join();
            RemotingConnection second = brokerSide.connect(ns.address()).join();
            assertEquals(ResponseCode.SUCCESS, NameServerFixture.call(first,
                    register("broker-a", ADDR_A, 0, topics(topic("orders", 8)))).code());
            assertEquals(ResponseCode.SUCCESS, NameServerFixture.call(second,
                    register("broker-a", ADDR_B, 1, topics(topic("orders", 8))).toBuilder()
                            .extField("clusterName", "OtherCluster").build()).code());

            second.close().join();
            first.close().join();

            awaitTrue(() -> ns.route("orders").isEmpty(), "orders unrouted once both connections closed");
            assertEquals(Map.of(), ns.clusterInfo().brokerAddrTable());
            assertEquals(Map.of(), ns.clusterInfo().clusterAddrTable());
        }
    }

    // Found by the fuzzer: an address registered again under another name stayed routed under the first forever.
    @Test
    void shouldForgetTheOldNameOfAnAddressRegisteredUnderANewOne() {
        try (RemotingClient brokerSide = new RemotingClient(RemotingClientConfig.defaults())) {
            RemotingConnection first = brokerSide.connect(ns.address()).join();
            RemotingConnection second = brokerSide.connect(ns.address()).join();
            assertEquals(ResponseCode.SUCCESS, NameServerFixture.call(first,
                    register("old-name", ADDR_A, 0, topics(topic("orders", 8)))).code());
            assertEquals(ResponseCode.SUCCESS, NameServerFixture.call(second,
                    register("new-name", ADDR_A, 0, topics(topic("orders", 8)))).code());
            assertEquals(Set.of("new-name"), ns.clusterInfo().brokerAddrTable().keySet());

            first.close().join();
            second.close().join();

            awaitTrue(() -> ns.route("orders").isEmpty(), "orders unrouted once both connections closed");
            assertEquals(Map.of(), ns.clusterInfo().brokerAddrTable());
        }
    }

    @Test
    void shouldUnregisterTheBrokerAnAddressRegisteredAsWhateverNameTheRequestGives() {
        registerOk(register("broker-a", ADDR_A, 0, topics(topic("orders", 8))));

        assertEquals(ResponseCode.SUCCESS, ns.call(NameServerFixture.unregister("broker-b", ADDR_A, 0)).code());

        assertTrue(ns.route("orders").isEmpty());
        assertEquals(Map.of(), ns.clusterInfo().brokerAddrTable());
    }

    @Test
    void shouldCountEachRegistrationOfOurRegistrarAsSignOfLife(@TempDir Path dir) throws Exception {
        TopicRegistry topics = new TopicRegistry(dir, 8, true);
        topics.createOrUpdate(TopicConfig.of("kept", 4, MessageType.NORMAL));
        topics.createOrUpdate(TopicConfig.of("also-kept", 2, MessageType.NORMAL));
        RegistrarConfig config = RegistrarConfig.of(TestBrokers.config(dir).build(), ADDR_A, List.of(ns.address()));
        try (RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
             BrokerRegistrar registrar = new BrokerRegistrar(config, topics, client)) {
            // Not started, so it registers only when asked: the test decides when the broker is heard from.
            registrar.registerAll().get(10, TimeUnit.SECONDS);

            clock.advance(Duration.ofSeconds(100));
            registrar.registerAll().get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofSeconds(100));
            assertEquals(0, ns.nameServer().dropSilentBrokers(), "registered 100 s ago: alive");
            assertTrue(ns.route("kept").isPresent());

            // No registration for 121 s of the NameServer's clock: dropped with its routes.
            clock.advance(Duration.ofSeconds(21));
            assertEquals(1, ns.nameServer().dropSilentBrokers());
            assertTrue(ns.route("kept").isEmpty());
            assertTrue(ns.route("also-kept").isEmpty());
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
