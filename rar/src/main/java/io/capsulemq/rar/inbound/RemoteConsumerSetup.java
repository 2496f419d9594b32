package io.capsulemq.rar.inbound;

import io.capsulemq.broker.engine.group.ConsumeFrom;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.remote.RemoteGateway;

import java.util.Set;

/**
 * A remote cluster's consumer groups and topics, set over the wire before an MDB's consumer starts: each topic
 * created (MIXED) on every master if the NameServers do not route it yet, so the consumer has its queues at once
 * rather than at its next rebalance, then the group's retries and ordering (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP).
 * RocketMQ's groups carry no start position: a new group starts at the queues' ends, so {@code consumeFrom
 * FIRST_OFFSET} cannot be honoured and is refused. Where the brokers refuse the group update (only operators set
 * groups there), a group an operator set up as the spec says is used; any other is refused, saying what to set.
 */
final class RemoteConsumerSetup implements ConsumerSetup {
    private static final System.Logger LOG = System.getLogger(RemoteConsumerSetup.class.getName());
    private static final String TOPIC_TYPE = "MIXED";

    private final RemoteGateway gateway;

    RemoteConsumerSetup(RemoteGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void prepare(ActivationSettings s, Set<String> topics) {
        if (s.consumeFrom() != ConsumeFrom.LAST_OFFSET) {
            throw new IllegalArgumentException("consumeFrom: " + s.consumeFrom() + " cannot be set on a remote "
                    + "broker's consumer group (RocketMQ's groups start at the queues' ends); use LAST_OFFSET");
        }
        for (String topic : topics) {
            if (topic.startsWith("%")) {
                continue; // retry and dead-letter topics are the broker's own
            }
            try {
                if (gateway.createTopicIfAbsent(topic, TOPIC_TYPE)) {
                    LOG.log(System.Logger.Level.INFO, "created topic {0} ({1}) on the remote brokers for group {2}",
                            topic, TOPIC_TYPE, s.consumerGroup());
                }
            } catch (GatewayException e) {
                LOG.log(System.Logger.Level.WARNING, "could not create topic {0} on the remote brokers (the consumer "
                        + "of group {1} finds it once it exists): {2}", topic, s.consumerGroup(), e.getMessage());
            }
        }
        boolean fifo = s.mode() == ConsumeMode.FIFO;
        try {
            gateway.createOrUpdateGroup(s.consumerGroup(), s.maxReconsumeTimes(), fifo);
        } catch (GatewayException e) {
            // A cluster where only operators set groups: one they set up as the spec says will do.
            ConsumerSettings existing = gateway.consumerSettings(s.consumerGroup());
            if (!existing.exists() || existing.maxRetries() != s.maxReconsumeTimes() || existing.orderly() != fifo) {
                throw new IllegalStateException("could not set consumer group " + s.consumerGroup() + " on the "
                        + "remote brokers as its activation says (maxReconsumeTimes " + s.maxReconsumeTimes() + ", "
                        + s.mode() + "), and the brokers have it " + (existing.exists() ? "with retries "
                        + existing.maxRetries() + (existing.orderly() ? ", orderly" : ", not orderly") : "not")
                        + "; an operator can set it with mqadmin updateSubGroup (-r retries, -o orderly): "
                        + e.getMessage(), e);
            }
            LOG.log(System.Logger.Level.WARNING, "could not update consumer group {0} on the remote brokers ({1}); "
                    + "they have it as its activation says", s.consumerGroup(), e.getMessage());
        }
    }
}
