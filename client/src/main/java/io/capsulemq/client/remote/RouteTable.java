package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.message.TopicNames;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;
import io.capsulemq.client.gateway.TopicType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes the gateway sends and reads by, from the NameServers: each topic's layout, fetched on first use and
 * again whenever a client asks for the route (producers and consumers do every 20 to 30 s) or the gateway's timer
 * refreshes them (every 30 s), and the brokers of the cluster by name.
 *
 * <p>A topic that does not exist is laid out, when the brokers create topics on first send, as RocketMQ's template
 * topic {@value #AUTO_CREATE_TOPIC} is, with at most {@value #DEFAULT_TOPIC_QUEUE_NUMS} queues a broker; a send
 * to it names the template so that the broker creates the topic.
 */
final class RouteTable {
    private static final System.Logger LOG = System.getLogger(RouteTable.class.getName());
    static final String AUTO_CREATE_TOPIC = "TBW102";
    static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;
    private static final String MESSAGE_TYPE_ATTRIBUTE = "message.type";

    private final NameServers nameServers;
    private final Rpc rpc;
    private final Map<String, TopicLayout> layouts = new ConcurrentHashMap<>();
    private final Map<String, String> brokers = new ConcurrentHashMap<>();

    RouteTable(NameServers nameServers, Rpc rpc) {
        this.nameServers = nameServers;
        this.rpc = rpc;
    }

    /** The topic's layout as the NameServers have it now. */
    TopicLayout fetch(String topic) {
        String problem = TopicNames.problemWith(topic);
        if (problem != null) {
            throw new GatewayException(Kind.ILLEGAL_REQUEST, problem);
        }
        RouteInfo route = routeOf(topic);
        TopicLayout layout;
        if (route != null) {
            layout = new TopicLayout(topic, true, QueueLayout.of(route, Integer.MAX_VALUE), route.masters(),
                    typeOf(topic, route));
        } else {
            RouteInfo template = topic.startsWith("%") ? null : routeOf(AUTO_CREATE_TOPIC);
            if (template == null) {
                layouts.remove(topic);
                throw new GatewayException(Kind.TOPIC_NOT_FOUND, "topic " + topic + " does not exist"
                        + (topic.startsWith("%") ? "" : " and the brokers do not create topics on first use "
                        + "(no route for " + AUTO_CREATE_TOPIC + "; autoCreateTopicEnable=false)"));
            }
            layout = new TopicLayout(topic, false, QueueLayout.of(template, DEFAULT_TOPIC_QUEUE_NUMS),
                    template.masters(), TopicType.UNSPECIFIED);
        }
        brokers.putAll(layout.masters());
        layouts.put(topic, layout);
        return layout;
    }

    /** The topic's layout, fetched when the gateway has none yet. */
    TopicLayout layout(String topic) {
        TopicLayout layout = layouts.get(topic);
        return layout != null ? layout : fetch(topic);
    }

    /** The topic's layout if the gateway has one, without asking (for the I/O threads). */
    TopicLayout cached(String topic) {
        return layouts.get(topic);
    }

    /** The master address of a broker by name. */
    String address(String brokerName) {
        String address = brokers.get(brokerName);
        if (address == null) {
            refreshBrokers();
            address = brokers.get(brokerName);
        }
        if (address == null) {
            throw new GatewayException(Kind.UNAVAILABLE, "broker " + brokerName + " is not known to the NameServers "
                    + nameServers.addresses());
        }
        return address;
    }

    /** Every broker known, by name, in name order. */
    Map<String, String> brokers() {
        return new TreeMap<>(brokers);
    }

    /** Asks for the cluster's brokers and every topic's route again; failures are logged and tried next time. */
    void refresh() {
        try {
            refreshBrokers();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the brokers: {0}", e.getMessage());
        }
        for (String topic : List.copyOf(layouts.keySet())) {
            try {
                fetch(topic);
            } catch (GatewayException e) {
                if (e.kind() != Kind.TOPIC_NOT_FOUND) {
                    LOG.log(System.Logger.Level.WARNING, "cannot refresh the route of {0}: {1}", topic,
                            e.getMessage());
                }
            }
        }
    }

    /** The cluster's brokers as GET_BROKER_CLUSTER_INFO lists them (the masters). */
    void refreshBrokers() {
        RemotingCommand answer = nameServers.ask(Requests.request(RequestCode.GET_BROKER_CLUSTER_INFO).build(),
                Set.of(ResponseCode.SUCCESS));
        Map<Object, Object> table = RocketJson.objectField(RocketJson.object(answer.body()), "brokerAddrTable");
        Map<String, String> found = new TreeMap<>();
        table.forEach((name, data) -> {
            if (data instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> broker = (Map<Object, Object>) raw;
                String master = RouteInfo.masterOf(RocketJson.objectField(broker, "brokerAddrs"));
                if (master != null) {
                    found.put(String.valueOf(name), master);
                }
            }
        });
        brokers.putAll(found);
    }

    private RouteInfo routeOf(String topic) {
        RemotingCommand answer = nameServers.ask(Requests.request(RequestCode.GET_ROUTEINFO_BY_TOPIC,
                        Map.of("topic", topic, "acceptStandardJsonOnly", true)),
                Set.of(ResponseCode.SUCCESS, ResponseCode.TOPIC_NOT_EXIST));
        if (answer.code() == ResponseCode.TOPIC_NOT_EXIST) {
            return null;
        }
        try {
            return RouteInfo.parse(answer.body());
        } catch (IllegalArgumentException e) {
            throw new GatewayException(Kind.INTERNAL, "the route of " + topic + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** The topic's message.type attribute as a broker holding it has it; UNSPECIFIED when it has none. */
    private TopicType typeOf(String topic, RouteInfo route) {
        for (String address : route.masters().values()) {
            try {
                RemotingCommand answer = rpc.await(address, Requests.request(RequestCode.GET_TOPIC_CONFIG,
                        Map.of("topic", topic)), Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS));
                Map<Object, Object> attributes = RocketJson.objectField(RocketJson.object(answer.body()),
                        "attributes");
                return type(RocketJson.stringField(attributes, MESSAGE_TYPE_ATTRIBUTE));
            } catch (GatewayException | IllegalArgumentException | IllegalStateException e) {
                LOG.log(System.Logger.Level.DEBUG, "no topic configuration of {0} from {1}: {2}", topic, address,
                        e.getMessage());
            }
        }
        return TopicType.UNSPECIFIED;
    }

    /** RocketMQ's message types as the gateway's; types it has no name for (LITE, PRIORITY) are MIXED. */
    static TopicType type(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return TopicType.UNSPECIFIED;
        }
        return switch (attribute.trim()) {
            case "NORMAL" -> TopicType.NORMAL;
            case "FIFO" -> TopicType.FIFO;
            case "DELAY" -> TopicType.DELAY;
            case "TRANSACTION" -> TopicType.TRANSACTION;
            case "UNSPECIFIED" -> TopicType.UNSPECIFIED;
            default -> TopicType.MIXED;
        };
    }
}
