package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.BodyChecksum;
import io.capsulemq.broker.namesrv.wire.ClusterInfo;
import io.capsulemq.broker.namesrv.wire.DataVersion;
import io.capsulemq.broker.namesrv.wire.RegisterBrokerBody;
import io.capsulemq.broker.namesrv.wire.TopicConfigData;
import io.capsulemq.broker.namesrv.wire.TopicConfigSerializeWrapper;
import io.capsulemq.broker.namesrv.wire.TopicList;
import io.capsulemq.broker.namesrv.wire.TopicRouteData;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingClient;
import io.capsulemq.broker.remoting.netty.RemotingClientConfig;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A NameServer on a free loopback port and a client to call it, for tests that talk to it over the wire. */
public final class NameServerFixture implements AutoCloseable {
    public static final String CLUSTER = "DefaultCluster";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final NameServer nameServer;
    private final RemotingClient client = new RemotingClient(RemotingClientConfig.defaults());

    public NameServerFixture() {
        this(NameServerConfig.defaults().withPort(0));
    }

    public NameServerFixture(NameServerConfig config) {
        nameServer = new NameServer(config);
        nameServer.start();
    }

    public NameServer nameServer() {
        return nameServer;
    }

    public String address() {
        return nameServer.address();
    }

    /** Sends {@code request} over the fixture's shared connection and waits for the answer. */
    public RemotingCommand call(RemotingCommand request) {
        return client.invoke(address(), request, TIMEOUT).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Sends {@code request} over {@code connection} and waits for the answer. */
    public static RemotingCommand call(RemotingConnection connection, RemotingCommand request) {
        return connection.invoke(request, TIMEOUT).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public RemotingClient client() {
        return client;
    }

    public Optional<TopicRouteData> route(String topic) {
        RemotingCommand response = call(RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .extField("topic", topic).build());
        if (response.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return Optional.empty();
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new AssertionError("route of " + topic + ": " + response);
        }
        return Optional.of(WireJson.decode(response.body(), TopicRouteData.class));
    }

    public ClusterInfo clusterInfo() {
        RemotingCommand response = call(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).build());
        return WireJson.decode(response.body(), ClusterInfo.class);
    }

    public TopicList allTopics() {
        RemotingCommand response = call(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)
                .build());
        return WireJson.decode(response.body(), TopicList.class);
    }

    /** A topic with {@code queues} read and write queues, read-write, of type NORMAL. */
    public static TopicConfigData topic(String name, int queues) {
        return new TopicConfigData(name, queues, queues, 6, null, 0, false, Map.of("message.type", "NORMAL"));
    }

    public static Map<String, TopicConfigData> topics(TopicConfigData... configs) {
        Map<String, TopicConfigData> table = new LinkedHashMap<>();
        for (TopicConfigData config : configs) {
            table.put(config.topicName(), config);
        }
        return table;
    }

    /** REGISTER_BROKER as a RocketMQ 5 broker sends it, with a checked body. */
    public static RemotingCommand register(String brokerName, String brokerAddr, long brokerId,
                                           Map<String, TopicConfigData> topics) {
        byte[] body = WireJson.encode(new RegisterBrokerBody(
                new TopicConfigSerializeWrapper(topics, new DataVersion(0, 1_000, 1)), List.of()));
        return registerBuilder(brokerName, brokerAddr, brokerId, body).build();
    }

    public static RemotingCommand.Builder registerBuilder(String brokerName, String brokerAddr, long brokerId,
                                                          byte[] body) {
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .version(513)
                .extField("brokerName", brokerName)
                .extField("brokerAddr", brokerAddr)
                .extField("clusterName", CLUSTER)
                .extField("haServerAddr", brokerAddr.replaceFirst(":\\d+$", ":10912"))
                .extField("brokerId", Long.toString(brokerId))
                .extField("compressed", "false")
                .extField("bodyCrc32", Integer.toString(BodyChecksum.of(body)))
                .body(body);
    }

    public static RemotingCommand unregister(String brokerName, String brokerAddr, long brokerId) {
        return RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                .extField("brokerName", brokerName)
                .extField("brokerAddr", brokerAddr)
                .extField("clusterName", CLUSTER)
                .extField("brokerId", Long.toString(brokerId))
                .build();
    }

    @Override
    public void close() {
        client.close();
        nameServer.close();
    }
}
