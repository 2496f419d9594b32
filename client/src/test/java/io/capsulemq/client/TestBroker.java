package io.capsulemq.client;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.store.StoreConfig;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A broker on a small store in a test's folder, registered under an endpoint name of its own so that clients built
 * from {@link #configuration()} reach it. Restartable over the same folder.
 */
public final class TestBroker implements AutoCloseable {
    private final Path dir;
    private final UnaryOperator<BrokerConfig.Builder> tune;
    private final String endpoint = "test-broker-" + UUID.randomUUID();
    private Broker broker;

    private TestBroker(Path dir, UnaryOperator<BrokerConfig.Builder> tune) {
        this.dir = dir;
        this.tune = tune;
        open();
    }

    public static TestBroker start(Path dir) {
        return new TestBroker(dir, b -> b);
    }

    public static TestBroker start(Path dir, UnaryOperator<BrokerConfig.Builder> tune) {
        return new TestBroker(dir, tune);
    }

    /** A store small enough for tests: small files, no disk-space guard. */
    public static StoreConfig.Builder smallStore(Path dir) {
        return StoreConfig.builder(dir)
                .commitLogSegmentSize(4 * 1024 * 1024)
                .maxMessageSize(256 * 1024)
                .consumeQueueEntriesPerSegment(1024)
                .indexHashSlots(1024)
                .indexEntriesPerFile(4096)
                .minFreeBytes(0)
                .diskFullRatio(1.0)
                .diskMaxUsedRatio(1.0)
                .cleanInterval(Duration.ofHours(1));
    }

    private void open() {
        broker = Broker.start(tune.apply(BrokerConfig.builder(smallStore(dir).build())).build());
        CapsuleEndpoints.register(endpoint, broker);
    }

    public Broker broker() {
        return broker;
    }

    public String endpoint() {
        return endpoint;
    }

    public ClientConfiguration configuration() {
        return ClientConfiguration.newBuilder().setEndpoints(endpoint).build();
    }

    public static ClientServiceProvider provider() {
        return ClientServiceProvider.loadService();
    }

    /** Closes the broker cleanly and starts it again over the same folder, under the same endpoint. */
    public void restart() {
        closeBroker();
        open();
    }

    private void closeBroker() {
        CapsuleEndpoints.unregister(endpoint);
        broker.close();
    }

    @Override
    public void close() {
        closeBroker();
    }
}
