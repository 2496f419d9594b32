package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.peers.ApacheRocketMq;
import io.capsulemq.peers.CapsuleStandalone;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A broker for the remote gateway's tests, as real processes on loopback: {@link #apache() Apache RocketMQ 5.5.0}
 * (a NameServer and a broker, started from the jars the peers module copies) or {@link #capsule() the standalone
 * Capsule broker} (its executable jar, with its embedded NameServer). Each is started once for the whole test run
 * and stopped at its end; every test class using the same kind shares it. It also creates topics and groups the way
 * {@code mqadmin updateTopic} and {@code updateSubGroup} do, over the wire, so the same calls work on both.
 */
final class BrokerPeer implements BeforeAllCallback {
    /**
     * Apache RocketMQ's settings: quick transaction check-backs, SQL92 filtering (off by default in RocketMQ) and
     * every delay level 1 s (so every retry back-off), so that the scenarios run in seconds; offsets an operator
     * resets are handed to the group's members (RESET_CONSUMER_CLIENT_OFFSET, as RocketMQ 4 brokers do) rather than
     * kept by the broker for its next pull.
     */
    static final Map<String, String> APACHE_SETTINGS = Map.of(
            "transactionTimeOut", "3000",
            "transactionCheckInterval", "2000",
            "enablePropertyFilter", "true",
            "messageDelayLevel", "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s",
            "useServerSideResetOffset", "false");

    /**
     * The same for Capsule, under the same broker.conf names: Capsule always filters by SQL92 and always hands a
     * reset to the members, so only the timings differ from its defaults. Named broker-a as the Apache broker is.
     */
    static final Map<String, String> CAPSULE_SETTINGS = Map.of(
            "brokerName", "broker-a",
            "transactionTimeOut", "3000",
            "transactionCheckInterval", "2000",
            "messageDelayLevel", "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrokerPeer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Starts the processes of one kind of broker under a home folder of their own. */
    @FunctionalInterface
    private interface Starter {
        Processes start(Path home) throws Exception;
    }

    /** What a starter started: where its NameServer and broker listen, and how to stop them. */
    private record Processes(String nameServer, String broker, AutoCloseable stop) {
    }

    private final String name;
    private final Starter starter;
    private Running running;

    private BrokerPeer(String name, Starter starter) {
        this.name = name;
        this.starter = starter;
    }

    /** A real Apache RocketMQ 5.5.0 NameServer and broker. */
    static BrokerPeer apache() {
        return new BrokerPeer("apache-rocketmq", home -> {
            ApacheRocketMq peer = ApacheRocketMq.start(home, APACHE_SETTINGS, "1g");
            return new Processes(peer.nameServerAddress(), peer.brokerAddress(), peer);
        });
    }

    /** The standalone Capsule broker ({@code java -jar capsule-broker.jar -c broker.conf}) and its NameServer. */
    static BrokerPeer capsule() {
        return new BrokerPeer("capsule-standalone", home -> {
            CapsuleStandalone peer = CapsuleStandalone.start(home, CAPSULE_SETTINGS, "512m");
            return new Processes(peer.nameServerAddress(), peer.brokerAddress(), peer);
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(name,
                k -> Running.start(name, starter), Running.class);
    }

    @Override
    public String toString() {
        return name;
    }

    String nameServer() {
        return running.processes.nameServer();
    }

    String brokerAddress() {
        return running.processes.broker();
    }

    /** Creates a topic with this many queues and, unless null, a message type ({@code +message.type=FIFO}). */
    void createTopic(String topic, int queues, String messageType) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("topic", topic);
        fields.put("defaultTopic", "TBW102");
        fields.put("readQueueNums", Integer.toString(queues));
        fields.put("writeQueueNums", Integer.toString(queues));
        fields.put("perm", "6");
        fields.put("topicFilterType", "SINGLE_TAG");
        fields.put("topicSysFlag", "0");
        fields.put("order", "false");
        if (messageType != null) {
            fields.put("attributes", "+message.type=" + messageType);
        }
        call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC).extFields(fields).build());
        running.awaitNameServer(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", topic).build(), "the route of " + topic);
    }

    /** Creates a consumer group; an orderly one makes its push consumers consume each queue in order. */
    void createGroup(String group, boolean orderly) throws Exception {
        String body = "{\"groupName\":\"" + group + "\",\"consumeEnable\":true,\"consumeFromMinEnable\":true,"
                + "\"consumeBroadcastEnable\":true,\"consumeMessageOrderly\":" + orderly + ",\"retryQueueNums\":1,"
                + "\"retryMaxTimes\":16,\"brokerId\":0,\"whichBrokerWhenConsumeSlowly\":1,"
                + "\"notifyConsumerIdsChangedEnable\":true}";
        call(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
    }

    /**
     * Registers with the NameServer a broker that is not there: {@code brokerName} at {@code address} (where nothing
     * listens), in the same cluster, holding {@code topic} with this many queues. Closing unregisters it.
     */
    AutoCloseable registerAbsentBroker(String brokerName, String address, String topic, int queues)
            throws Exception {
        StringBuilder table = new StringBuilder();
        // The NameServer refuses a first registration that holds exactly one topic; a second one makes it whole.
        for (String t : new String[] {topic, brokerName + "-own"}) {
            table.append(table.length() == 0 ? "" : ",").append("\"").append(t).append("\":{\"topicName\":\"")
                    .append(t).append("\",\"readQueueNums\":").append(queues).append(",\"writeQueueNums\":")
                    .append(queues).append(",\"perm\":6,\"topicFilterType\":\"SINGLE_TAG\",\"topicSysFlag\":0,"
                            + "\"order\":false,\"attributes\":{}}");
        }
        String body = "{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{" + table + "},\"dataVersion\":"
                + "{\"counter\":1,\"stateVersion\":0,\"timestamp\":" + System.currentTimeMillis() + "}},"
                + "\"filterServerList\":[]}";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("brokerName", brokerName);
        fields.put("brokerAddr", address);
        fields.put("clusterName", "DefaultCluster");
        fields.put("haServerAddr", address);
        fields.put("brokerId", "0");
        fields.put("heartbeatTimeoutMillis", "120000");
        fields.put("enableActingMaster", "false");
        fields.put("compressed", "false");
        fields.put("bodyCrc32", "0");
        RemotingCommand answer = running.admin.invoke(nameServer(), RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .version(Requests.CLIENT_VERSION).extFields(fields)
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build(), TIMEOUT).get();
        if (answer.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("the NameServer refused the registration: " + answer.remark());
        }
        return () -> running.admin.invoke(nameServer(), RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                .extField("brokerName", brokerName).extField("brokerAddr", address)
                .extField("clusterName", "DefaultCluster").extField("brokerId", "0").build(), TIMEOUT).get();
    }

    /** Moves the group's offsets on the topic to the first message stored at or after the time, as an operator. */
    void resetOffsets(String group, String topic, long timestampMillis) throws Exception {
        call(RemotingCommand.request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET).extField("topic", topic)
                .extField("group", group).extField("timestamp", Long.toString(timestampMillis))
                .extField("isForce", "true").build());
    }

    private void call(RemotingCommand request) throws Exception {
        RemotingCommand answer = running.admin.invoke(brokerAddress(), request, TIMEOUT).get();
        if (answer.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException("the broker refused " + RequestCode.nameOf(request.code()) + ": "
                    + ResponseCode.nameOf(answer.code()) + " " + answer.remark());
        }
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    private record Running(Processes processes, RemotingClient admin)
            implements ExtensionContext.Store.CloseableResource {
        static Running start(String name, Starter starter) {
            try {
                Path home = Path.of("target", "peers", name + "-client").toAbsolutePath();
                deleteRecursively(home);
                Files.createDirectories(home);
                Running running = new Running(starter.start(home), new RemotingClient(RemotingClientConfig.defaults()));
                try {
                    // A broker registers with the NameServer some time after it says it booted (Apache's some
                    // seconds); until then topics it creates are not registered either.
                    running.awaitNameServer(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                            .extField("topic", "TBW102").build(), "the broker's registration");
                } catch (Exception e) {
                    running.close();
                    throw e;
                }
                return running;
            } catch (Exception e) {
                throw new IllegalStateException("could not start " + name, e);
            }
        }

        /** Asks the NameServer until it answers SUCCESS (a hang guard, not a timing). */
        void awaitNameServer(RemotingCommand request, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (admin.invoke(processes.nameServer(), request, TIMEOUT).get().code() != ResponseCode.SUCCESS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the NameServer does not know " + what + " after 90 s");
                }
                Thread.sleep(200);
            }
        }

        @Override
        public void close() throws Exception {
            admin.close();
            processes.stop().close();
        }

        private static void deleteRecursively(Path folder) throws IOException {
            if (Files.exists(folder)) {
                try (var paths = Files.walk(folder)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }
}
