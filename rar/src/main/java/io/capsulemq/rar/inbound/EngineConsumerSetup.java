package io.capsulemq.rar.inbound;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.rar.AdapterTopics;

import java.util.Optional;
import java.util.Set;

/**
 * The embedded broker's consumer groups, set through its engine: FIFO or not, retries before the dead-letter
 * queue, where a new group starts; and the bean's topics, created taking every message type if they do not exist
 * (see {@link AdapterTopics}).
 */
final class EngineConsumerSetup implements ConsumerSetup {
    private final Broker broker;
    private final AdapterTopics adapterTopics;

    EngineConsumerSetup(Broker broker) {
        this.broker = broker;
        this.adapterTopics = new AdapterTopics(broker);
    }

    @Override
    public void prepare(ActivationSettings s, Set<String> topics) {
        topics.forEach(adapterTopics::prepare);
        Optional<GroupConfig> existing = broker.groups().find(s.consumerGroup());
        GroupConfig current = existing.orElseGet(() -> GroupConfig.defaults(s.consumerGroup()));
        GroupConfig wanted = current.withRetryMaxTimes(s.maxReconsumeTimes())
                .withOrderly(s.mode() == ConsumeMode.FIFO)
                .withConsumeFrom(s.consumeFrom(), current.consumeTimestamp());
        if (existing.isEmpty() || !wanted.equals(current)) {
            broker.admin().createOrUpdateGroup(wanted);
        }
    }
}
