package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.peers.ApacheRocketMq;
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
 * A real Apache RocketMQ 5.5.0 NameServer and broker (processes started from the jars the peers module copies),
 * started once for the whole test run and stopped at its end; every test class using this extension shares it.
 * It also creates topics and groups the way {@code mqadmin updateTopic} and {@code updateSubGroup} do.
 */
final class ApachePeer implements BeforeAllCallback {
    /**
     * Quick transaction check-backs, SQL92 filtering (off by default in RocketMQ) and every retry back-off level
     * 1 s, so that the scenarios run in seconds; offsets an operator resets are handed to the group's members
     * (RESET_CONSUMER_CLIENT_OFFSET, as RocketMQ 4 brokers do) rather than kept by the broker for its next pull.
     */
    static final Map<String, String> SETTINGS = Map.of(
            "transactionTimeOut", "3000",
            "transactionCheckInterval", "2000",
            "enablePropertyFilter", "true",
            "messageDelayLevel", "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s",
            "useServerSideResetOffset", "false");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApachePeer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("apache-rocketmq",
                k -> Running.start(), Running.class);
    }

    String nameServer() {
        return running.peer.nameServerAddress();
    }

    String brokerAddress() {
        return running.peer.brokerAddress();
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
    private record Running(ApacheRocketMq peer, RemotingClient admin)
            implements ExtensionContext.Store.CloseableResource {
        static Running start() {
            try {
                Path home = Path.of("target", "peers", "apache-rocketmq-client").toAbsolutePath();
                deleteRecursively(home);
                Files.createDirectories(home);
                ApacheRocketMq peer = ApacheRocketMq.start(home, SETTINGS, "1g");
                Running running = new Running(peer, new RemotingClient(RemotingClientConfig.defaults()));
                try {
                    // The broker registers with the NameServer some seconds after it says it booted; until then
                    // topics it creates are not registered either.
                    running.awaitNameServer(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                            .extField("topic", "TBW102").build(), "the broker's registration");
                } catch (Exception e) {
                    running.close();
                    throw e;
                }
                return running;
            } catch (Exception e) {
                throw new IllegalStateException("could not start Apache RocketMQ", e);
            }
        }

        /** Asks the NameServer until it answers SUCCESS (a hang guard, not a timing). */
        void awaitNameServer(RemotingCommand request, String what) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (admin.invoke(peer.nameServerAddress(), request, TIMEOUT).get().code() != ResponseCode.SUCCESS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the NameServer does not know " + what + " after 90 s");
                }
                Thread.sleep(200);
            }
        }

        @Override
        public void close() throws Exception {
            admin.close();
            peer.close();
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
