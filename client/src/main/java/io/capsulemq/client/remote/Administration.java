package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The few operator requests a client in a server needs to set up what it consumes and produces, sent to every
 * master of the cluster: UPDATE_AND_CREATE_TOPIC for a topic that does not exist yet, UPDATE_AND_CREATE_SUBSCRIPTIONGROUP
 * for a consumer group's retries and ordering. A broker that does not know the message type asked for (Apache
 * RocketMQ 5.5 has no MIXED) gets the topic without one. Brokers that refuse them (ACLs, a read-only operator setting) are
 * named in the error.
 */
final class Administration {
    private static final System.Logger LOG = System.getLogger(Administration.class.getName());
    static final int QUEUES = RouteTable.DEFAULT_TOPIC_QUEUE_NUMS;
    private static final int PERM_READ_WRITE = RouteInfo.PERM_READ | RouteInfo.PERM_WRITE;

    private final RouteTable routes;
    private final Rpc rpc;

    Administration(RouteTable routes, Rpc rpc) {
        this.routes = routes;
        this.rpc = rpc;
    }

    /**
     * Creates the topic on every master, taking messages of {@code messageType} (RocketMQ's message.type attribute,
     * e.g. MIXED), unless the NameServers route it already; answers whether it created it.
     */
    boolean createTopicIfAbsent(String topic, String messageType) {
        if (routes.fetch(topic).exists()) {
            return false;
        }
        routes.refreshBrokers();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("topic", topic);
        fields.put("defaultTopic", RouteTable.AUTO_CREATE_TOPIC);
        fields.put("readQueueNums", QUEUES);
        fields.put("writeQueueNums", QUEUES);
        fields.put("perm", PERM_READ_WRITE);
        fields.put("topicFilterType", "SINGLE_TAG");
        fields.put("topicSysFlag", 0);
        fields.put("order", false);
        RemotingCommand untyped = Requests.request(RequestCode.UPDATE_AND_CREATE_TOPIC, fields);
        fields.put("attributes", "+message.type=" + messageType);
        RemotingCommand typed = Requests.request(RequestCode.UPDATE_AND_CREATE_TOPIC, fields);
        routes.brokers().forEach((name, address) -> {
            try {
                call(name, address, "create topic " + topic, typed);
            } catch (GatewayException e) {
                if (e.kind() != Kind.ILLEGAL_REQUEST) {
                    throw e;
                }
                // Apache RocketMQ 5.5 has no MIXED type; over remoting its topics take every kind of message.
                LOG.log(System.Logger.Level.DEBUG, "broker {0} refused message.type={1} ({2}); creating {3} "
                        + "without it", name, messageType, e.getMessage(), topic);
                call(name, address, "create topic " + topic, untyped);
            }
        });
        try {
            routes.fetch(topic);
        } catch (GatewayException e) {
            // The brokers register the topic with the NameServers on their own schedule; sends name the template.
        }
        return true;
    }

    /** Sets the group's retries before the dead-letter queue and whether it consumes in order, on every master. */
    void createOrUpdateGroup(String group, int retryMaxTimes, boolean orderly) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("groupName", group);
        config.put("consumeEnable", true);
        config.put("consumeFromMinEnable", true);
        config.put("consumeBroadcastEnable", true);
        config.put("consumeMessageOrderly", orderly);
        config.put("retryQueueNums", 1);
        config.put("retryMaxTimes", retryMaxTimes);
        config.put("brokerId", 0);
        config.put("whichBrokerWhenConsumeSlowly", 1);
        config.put("notifyConsumerIdsChangedEnable", true);
        config.put("groupSysFlag", 0);
        config.put("consumeTimeoutMinute", 15);
        RemotingCommand request = Requests.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .body(RocketJson.write(config)).build();
        routes.refreshBrokers();
        forEachMaster("configure consumer group " + group, request);
    }

    private void forEachMaster(String what, RemotingCommand request) {
        Map<String, String> masters = routes.brokers();
        if (masters.isEmpty()) {
            throw new GatewayException(Kind.UNAVAILABLE, "cannot " + what + ": the NameServers list no broker");
        }
        masters.forEach((name, address) -> call(name, address, what, request));
    }

    private void call(String name, String address, String what, RemotingCommand request) {
        try {
            rpc.await(address, request, Rpc.TIMEOUT, Set.of(ResponseCode.SUCCESS));
        } catch (GatewayException e) {
            throw new GatewayException(e.kind(), "broker " + name + " (" + address + ") refused to " + what
                    + ": " + e.getMessage(), e);
        }
    }
}
