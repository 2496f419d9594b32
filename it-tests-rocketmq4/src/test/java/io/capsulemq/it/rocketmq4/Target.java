package io.capsulemq.it.rocketmq4;

import io.capsulemq.peers.ApacheRocketMq;
import io.capsulemq.peers.CapsuleStandalone;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * The broker a scenario class runs against, started once for the whole test run and stopped at its end (kept in
 * JUnit's root store, so every class asking for the same kind shares it).
 */
final class Target implements BeforeAllCallback {

    /**
     * Settings both brokers get so that the scenarios run in seconds: quick transaction check-backs and SQL92
     * filtering (off by default in Apache RocketMQ).
     */
    static final Map<String, String> SETTINGS = Map.of(
            "transactionTimeOut", "3000",
            "transactionCheckInterval", "2000",
            "enablePropertyFilter", "true");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Target.class);

    private final String kind;
    private BrokerUnderTest broker;

    private Target(String kind) {
        this.kind = kind;
    }

    /** Apache RocketMQ 5.5.0, the oracle: a 4.9 client works against it. */
    static Target apacheRocketMq() {
        return new Target("apache-rocketmq");
    }

    /** The standalone Capsule broker, {@code java -jar capsule-broker.jar -c broker.conf}, heap capped at 256 MiB. */
    static Target capsule() {
        return new Target("capsule");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(kind, k -> new Shared(start()), Shared.class).broker;
    }

    String nameServer() {
        return broker.nameServer();
    }

    private BrokerUnderTest start() {
        try {
            Path home = Path.of("target", "peers", kind).toAbsolutePath();
            deleteRecursively(home);
            Files.createDirectories(home);
            if (kind.equals("apache-rocketmq")) {
                ApacheRocketMq peer = ApacheRocketMq.start(home, SETTINGS, "1g");
                return new BrokerUnderTest(peer.nameServerAddress(), peer);
            }
            CapsuleStandalone peer = CapsuleStandalone.start(home, SETTINGS, "256m");
            return new BrokerUnderTest(peer.nameServerAddress(), peer);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + kind, e);
        }
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

    /** Closed by JUnit when the root context closes, at the end of the run. */
    private record Shared(BrokerUnderTest broker) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            broker.close();
        }
    }
}
