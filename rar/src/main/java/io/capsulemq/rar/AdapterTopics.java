package io.capsulemq.rar;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.message.TopicNames;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topics first used through the adapter, by a producer or by an MDB's activation, are created taking every message
 * type (MIXED). The engine types a topic auto-created by its first message, but whether an adapter send is
 * transactional depends on the caller's JTA transaction, not on the topic: the same bean method sends a normal
 * message outside a transaction and a half message inside one. Creating an MDB's topics when it is activated keeps
 * a first send from elsewhere (a RocketMQ client over the network) from typing the topic against the adapter's
 * producers. A topic that exists keeps its type.
 */
public final class AdapterTopics implements TopicSetup {
    private final Broker broker;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public AdapterTopics(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void prepare(String topic) {
        ensure(topic);
    }

    /**
     * The topic's configuration, created MIXED if auto-creation is on and it does not exist; empty for a name the
     * broker will refuse (the send then says why).
     */
    public Optional<TopicConfig> ensure(String topic) {
        if (topic == null || TopicNames.problemWith(topic) != null || SystemTopics.isInternal(topic)
                || SystemTopics.isRetry(topic) || SystemTopics.isDeadLetter(topic)) {
            return Optional.empty();
        }
        Optional<TopicConfig> existing = broker.topics().find(topic);
        if (existing.isPresent() || known.contains(topic) || !broker.topics().autoCreateEnabled()) {
            return existing;
        }
        synchronized (this) {
            existing = broker.topics().find(topic);
            if (existing.isEmpty()) {
                existing = Optional.of(broker.admin().createOrUpdateTopic(TopicConfig.of(topic,
                        broker.config().defaultTopicQueueNums(), MessageType.MIXED)));
            }
            known.add(topic);
            return existing;
        }
    }
}
