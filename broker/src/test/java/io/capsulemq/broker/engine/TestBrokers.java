package io.capsulemq.broker.engine;

import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.TestStores;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Brokers on small stores for engine tests. */
public final class TestBrokers {
    private TestBrokers() {
    }

    public static BrokerConfig.Builder config(Path dir) {
        return BrokerConfig.builder(TestStores.smallConfig(dir).build());
    }

    public static Broker start(Path dir) {
        return Broker.start(config(dir).build());
    }

    public static Broker start(Path dir, UnaryOperator<BrokerConfig.Builder> tune) {
        return Broker.start(tune.apply(config(dir)).build());
    }

    /** Waits until every stored message is in its consume queue. */
    public static void awaitDispatched(Broker broker) {
        if (!broker.store().awaitDispatched(java.time.Duration.ofSeconds(120))) {
            throw new AssertionError("dispatch did not catch up within 120 s");
        }
    }

    public static MessageToStore message(String topic, int queueId, String body) {
        return MessageToStore.builder(topic, queueId).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }
}
