package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.remoting.netty.RemotingServerConfig;
import io.capsulemq.broker.server.body.DataVersion;
import io.capsulemq.broker.server.body.TopicConfigTableBody;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The server as a NameServer registration sees it, and how it starts and fails to start. */
class BrokerServerTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    @TempDir
    Path dir;

    @Test
    void shouldAnnounceTheStoreHostAsItsAddress() {
        try (BrokerServer server = TestServers.start(dir)) {
            assertEquals("127.0.0.1:" + server.port(), server.clientAddress());
            assertEquals(server.broker().config().store().storeHostPort(), server.port());
        }
    }

    @Test
    void shouldKeepTheTopicTablesVersionUntilTheTableChanges() throws Exception {
        try (BrokerServer server = TestServers.start(dir); RocketMqClients client = RocketMqClients.start()) {
            DataVersion initial = server.topics().snapshot().dataVersion();
            assertEquals(initial, server.topics().snapshot().dataVersion());

            client.send(server.clientAddress(), RocketMqClients.message("AutoCreated", null, null, "first"), 0);
            TopicConfigTableBody afterSend = server.topics().snapshot();
            assertTrue(afterSend.topicConfigTable().containsKey("AutoCreated"));
            assertEquals(initial.counter() + 1, afterSend.dataVersion().counter());

            server.broker().admin().createOrUpdateTopic(TopicConfig.of("AutoCreated", 8, MessageType.MIXED));
            DataVersion afterUpdate = server.topics().snapshot().dataVersion();
            assertNotEquals(afterSend.dataVersion(), afterUpdate);
            assertEquals(8, server.topics().snapshot().topicConfigTable().get("AutoCreated").writeQueueNums());

            server.broker().admin().deleteTopic("AutoCreated");
            assertNotEquals(afterUpdate, server.topics().snapshot().dataVersion());
            assertFalse(server.topics().snapshot().topicConfigTable().containsKey("AutoCreated"));
        }
    }

    @Test
    void shouldRefuseARemotingPortOtherThanTheStoreHostsPort() {
        BrokerConfig config = BrokerConfig.builder(TestStores.smallConfig(dir).storeHost(LOOPBACK, 10911).build())
                .build();

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> BrokerServer.start(config, RemotingServerConfig.defaults().withPort(10912)));

        assertTrue(refused.getMessage().contains("10911"), refused.getMessage());
    }

    @Test
    void shouldCloseTheEngineCleanlyWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            BrokerConfig config = BrokerConfig.builder(TestStores.smallConfig(dir)
                    .storeHost(LOOPBACK, taken.getLocalPort()).build()).build();

            assertThrows(UncheckedIOException.class, () -> BrokerServer.start(config));

            try (Broker reopened = Broker.start(config)) {
                assertTrue(((DefaultMessageStore) reopened.store()).recoveryReport().previousShutdownClean(),
                        "the engine started for the server was closed cleanly");
            }
        }
    }
}
