package io.capsulemq.broker.registration;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import io.capsulemq.broker.namesrv.NameServerFixture;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.capsulemq.broker.registration.RegistrarFixtures.await;
import static io.capsulemq.broker.registration.RegistrarFixtures.registryWith;
import static org.junit.jupiter.api.Assertions.*;

/** What our registrar sends NameServers, when, and to which; each body read back by RocketMQ's own decoder. */
class BrokerRegistrarTest {
    private static final String BROKER_ADDR = "127.0.0.1:10911";

    @TempDir
    Path dir;

    private final RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
        client.close();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closeAfter.add(resource);
        return resource;
    }

    private static RegistrarConfig config(List<String> nameServers) {
        return new RegistrarConfig("DefaultCluster", "broker-a", BROKER_ADDR, "", nameServers, Duration.ofHours(1),
                Duration.ofSeconds(5), RegistrarConfig.DEFAULT_MAX_BODY_BYTES, null);
    }

    private BrokerRegistrar startedRegistrar(RegistrarConfig config, TopicRegistry topics) {
        BrokerRegistrar registrar = closing(new BrokerRegistrar(config, topics, client));
        registrar.start();
        return registrar;
    }

    private static RegisterBrokerBody decode(RemotingCommand request) throws IOException {
        return RegisterBrokerBody.decode(request.body(), false, MQVersion.Version.V5_5_0);
    }

    private static Set<String> topicsIn(List<RemotingCommand> registrations) throws IOException {
        Set<String> names = new HashSet<>();
        for (RemotingCommand registration : registrations) {
            names.addAll(decode(registration).getTopicConfigSerializeWrapper().getTopicConfigTable().keySet());
        }
        return names;
    }

    @Test
    void shouldSendRegistrationsThatRocketMqsOwnDecoderReads() throws Exception {
        RecordingNameServer nameServer = closing(new RecordingNameServer());
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("orders", 8, MessageType.FIFO),
                new TopicConfig("audit", 2, 4, 4, MessageType.NORMAL)));

        startedRegistrar(config(List.of(nameServer.address())), topics).registerAll().get(10, TimeUnit.SECONDS);

        RemotingCommand request = nameServer.requests(RequestCode.REGISTER_BROKER).get(0);
        assertEquals(Map.of("brokerName", "broker-a", "brokerAddr", BROKER_ADDR, "clusterName", "DefaultCluster",
                        "brokerId", "0", "haServerAddr", "", "enableActingMaster", "false", "compressed", "false",
                        "bodyCrc32", Integer.toString(UtilAll.crc32(request.body()))),
                request.extFields());
        assertEquals(MQVersion.Version.V5_5_0.ordinal(), request.version());
        Map<String, org.apache.rocketmq.common.TopicConfig> table =
                decode(request).getTopicConfigSerializeWrapper().getTopicConfigTable();
        assertEquals(Set.of("orders", "audit"), table.keySet());
        org.apache.rocketmq.common.TopicConfig orders = table.get("orders");
        assertEquals(List.of(8, 8, 6), List.of(orders.getReadQueueNums(), orders.getWriteQueueNums(),
                orders.getPerm()));
        assertEquals(TopicMessageType.FIFO, orders.getTopicMessageType());
        org.apache.rocketmq.common.TopicConfig audit = table.get("audit");
        assertEquals(List.of(2, 4, 4), List.of(audit.getReadQueueNums(), audit.getWriteQueueNums(),
                audit.getPerm()));
        assertEquals(TopicMessageType.NORMAL, audit.getTopicMessageType());
    }

    @Test
    void shouldSplitALargeRegistrationIntoFramesNoLargerThanTheLimit() throws Exception {
        RecordingNameServer nameServer = closing(new RecordingNameServer());
        List<TopicConfig> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(TopicConfig.of("topic-with-a-longish-name-" + i, 4, MessageType.NORMAL));
        }
        int limit = 16 * 1024;
        RegistrarConfig config = config(List.of(nameServer.address())).withMaxBodyBytes(limit);

        // Not started: exactly one full registration, the one asked for.
        BrokerRegistrar registrar = closing(new BrokerRegistrar(config, registryWith(dir, many), client));
        registrar.registerAll().get(10, TimeUnit.SECONDS);

        List<RemotingCommand> frames = nameServer.requests(RequestCode.REGISTER_BROKER);
        assertTrue(frames.size() > 5, "frames: " + frames.size());
        int topicsSent = 0;
        Set<DataVersion> versions = new HashSet<>();
        for (RemotingCommand frame : frames) {
            assertTrue(frame.body().length <= limit, "a frame of " + frame.body().length + " bytes");
            RegisterBrokerBody body = decode(frame);
            topicsSent += body.getTopicConfigSerializeWrapper().getTopicConfigTable().size();
            versions.add(body.getTopicConfigSerializeWrapper().getDataVersion());
        }
        assertEquals(2_000, topicsSent, "each topic in exactly one frame");
        assertEquals(2_000, topicsIn(frames).size());
        assertEquals(frames.size(), versions.size(), "each frame at a data version of its own");
    }

    @Test
    void shouldPrecedeARegistrationOfOneTopicWithAnEmptyOne() throws Exception {
        RecordingNameServer nameServer = closing(new RecordingNameServer());
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("alone", 4, MessageType.NORMAL)));

        startedRegistrar(config(List.of(nameServer.address())), topics).registerAll().get(10, TimeUnit.SECONDS);

        List<RemotingCommand> frames = nameServer.requests(RequestCode.REGISTER_BROKER);
        assertEquals(List.of(0, 1), List.of(
                decode(frames.get(0)).getTopicConfigSerializeWrapper().getTopicConfigTable().size(),
                decode(frames.get(1)).getTopicConfigSerializeWrapper().getTopicConfigTable().size()));
    }

    @Test
    void shouldRegisterWithEveryNameServerWhileOneIsDown() throws Exception {
        NameServerFixture first = closing(new NameServerFixture());
        NameServerFixture second = closing(new NameServerFixture());
        String down = "127.0.0.1:" + freePort();
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("orders", 8, MessageType.NORMAL),
                TopicConfig.of("audit", 2, MessageType.NORMAL)));
        BrokerRegistrar registrar = startedRegistrar(config(List.of(first.address(), down, second.address())),
                topics);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> registrar.registerAll().get(10, TimeUnit.SECONDS));

        assertInstanceOf(RegistrationException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains(down), failed.getCause().getMessage());
        for (NameServerFixture nameServer : List.of(first, second)) {
            assertEquals(8, nameServer.route("orders").orElseThrow().queueDatas().get(0).writeQueueNums());
            assertEquals(Map.of(0L, BROKER_ADDR),
                    nameServer.route("audit").orElseThrow().brokerDatas().get(0).brokerAddrs());
        }
    }

    @Test
    void shouldRegisterTwentyThousandTopicsWithOurNameServer() throws Exception {
        NameServerFixture nameServer = closing(new NameServerFixture());
        List<TopicConfig> many = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(TopicConfig.of("many-" + i, 1 + i % 16, MessageType.NORMAL));
            names.add("many-" + i);
        }
        RegistrarConfig config = config(List.of(nameServer.address())).withMaxBodyBytes(1024 * 1024);

        startedRegistrar(config, registryWith(dir, many)).registerAll().get(60, TimeUnit.SECONDS);

        assertEquals(names, nameServer.allTopics().topicList());
        assertEquals(1 + 12_345 % 16, nameServer.route("many-12345").orElseThrow().queueDatas().get(0)
                .readQueueNums());
    }

    @Test
    void shouldReportANameServerThatRefusesTheRegistration() throws Exception {
        RecordingNameServer nameServer = closing(new RecordingNameServer());
        nameServer.answerWith(ResponseCode.SYSTEM_ERROR);
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("orders", 8, MessageType.NORMAL),
                TopicConfig.of("audit", 2, MessageType.NORMAL)));
        BrokerRegistrar registrar = startedRegistrar(config(List.of(nameServer.address())), topics);

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> registrar.registerAll().get(10, TimeUnit.SECONDS));

        assertInstanceOf(RegistrationException.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains("SYSTEM_ERROR"), failed.getCause().getMessage());
    }

    @Test
    void shouldRegisterEveryIntervalWithoutBeingAsked() throws Exception {
        RecordingNameServer nameServer = closing(new RecordingNameServer());
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("orders", 8, MessageType.NORMAL),
                TopicConfig.of("audit", 2, MessageType.NORMAL)));

        startedRegistrar(config(List.of(nameServer.address())).withRegisterInterval(Duration.ofMillis(50)), topics);

        await(() -> nameServer.requests(RequestCode.REGISTER_BROKER).size() >= 3, "three periodic registrations");
        for (RemotingCommand registration : nameServer.requests(RequestCode.REGISTER_BROKER)) {
            assertEquals(Set.of("orders", "audit"), topicsIn(List.of(registration)), "each one complete");
        }
    }

    @Test
    void shouldRegisterOnlyTheChangedTopicWhenATopicChanges() throws Exception {
        RecordingNameServer nameServer = closing(new RecordingNameServer());
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("orders", 8, MessageType.NORMAL),
                TopicConfig.of("audit", 2, MessageType.NORMAL)));
        startedRegistrar(config(List.of(nameServer.address())), topics).registerAll().get(10, TimeUnit.SECONDS);
        int before = nameServer.requests(RequestCode.REGISTER_BROKER).size();

        topics.createOrUpdate(TopicConfig.of("payments", 3, MessageType.TRANSACTION));

        await(() -> topicsIn(nameServer.requests(RequestCode.REGISTER_BROKER)).contains("payments"),
                "the new topic registered");
        List<RemotingCommand> all = nameServer.requests(RequestCode.REGISTER_BROKER);
        assertEquals(Set.of("payments"), topicsIn(all.subList(before, all.size())));
    }

    @Test
    void shouldUnregisterFromEveryNameServerWhenClosed() throws Exception {
        RecordingNameServer first = closing(new RecordingNameServer());
        RecordingNameServer second = closing(new RecordingNameServer());
        TopicRegistry topics = registryWith(dir, List.of(TopicConfig.of("orders", 8, MessageType.NORMAL)));
        BrokerRegistrar registrar = new BrokerRegistrar(config(List.of(first.address(), second.address())), topics,
                client);
        registrar.start();
        registrar.registerAll().get(10, TimeUnit.SECONDS);

        registrar.close();

        for (RecordingNameServer nameServer : List.of(first, second)) {
            List<RemotingCommand> requests = nameServer.requests();
            RemotingCommand last = requests.get(requests.size() - 1);
            assertEquals(RequestCode.UNREGISTER_BROKER, last.code());
            assertEquals(Map.of("brokerName", "broker-a", "brokerAddr", BROKER_ADDR, "clusterName",
                    "DefaultCluster", "brokerId", "0"), last.extFields());
        }
        // A topic created after close goes nowhere.
        topics.createOrUpdate(TopicConfig.of("late", 1, MessageType.NORMAL));
        Thread.sleep(100);
        assertFalse(topicsIn(first.requests(RequestCode.REGISTER_BROKER)).contains("late"));
    }

    @Test
    void shouldRefuseAConfigurationWithoutNameServersOrNamingOneTwice() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> config(List.of()));
        assertTrue(none.getMessage().contains("nameServers"), none.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> config(List.of("127.0.0.1:9876", "127.0.0.1:9876")));
        assertTrue(twice.getMessage().contains("127.0.0.1:9876"), twice.getMessage());
        assertEquals(List.of("10.0.0.1:9876", "10.0.0.2:9876"),
                RegistrarConfig.parseNameServers(" 10.0.0.1:9876;10.0.0.2:9876; "));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
