package io.capsulemq.rar.outbound;

import io.capsulemq.broker.store.message.TopicNames;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.remote.RemoteGateway;
import io.capsulemq.rar.TopicSetup;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topics first used through the adapter in the remote mode, created MIXED on every master of the cluster
 * (UPDATE_AND_CREATE_TOPIC) when the NameServers do not route them yet. A cluster that refuses (its ACL, or
 * topics created by operators only) is logged once per topic: the send that follows then says what the broker
 * thinks of the topic.
 */
final class RemoteTopics implements TopicSetup {
    private static final System.Logger LOG = System.getLogger(RemoteTopics.class.getName());
    static final String MESSAGE_TYPE = "MIXED";

    private final RemoteGateway gateway;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    RemoteTopics(RemoteGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void prepare(String topic) {
        if (topic == null || TopicNames.problemWith(topic) != null || topic.startsWith("%") || known.contains(topic)) {
            return;
        }
        try {
            if (gateway.createTopicIfAbsent(topic, MESSAGE_TYPE)) {
                LOG.log(System.Logger.Level.INFO, "created topic {0} ({1}) on the remote brokers", topic,
                        MESSAGE_TYPE);
            }
        } catch (GatewayException e) {
            LOG.log(System.Logger.Level.WARNING, "could not create topic {0} on the remote brokers: {1}", topic,
                    e.getMessage());
        }
        known.add(topic);
    }
}
