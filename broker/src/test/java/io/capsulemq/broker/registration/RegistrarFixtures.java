package io.capsulemq.broker.registration;

import io.capsulemq.broker.engine.persist.JsonStateFile;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.fail;

/** Topic registries and waiting, for registrar tests. */
final class RegistrarFixtures {
    /** A condition that may throw while it is not yet true. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private RegistrarFixtures() {
    }

    /**
     * A registry holding {@code topics}, written as one file first: creating tens of thousands of topics one by one
     * rewrites the whole file each time.
     */
    static TopicRegistry registryWith(Path dir, Collection<TopicConfig> topics) {
        Map<String, TopicConfig> table = new TreeMap<>();
        topics.forEach(topic -> table.put(topic.topicName(), topic));
        JsonStateFile.ofMap(dir.resolve("topics.json"), TopicConfig.class).write(table);
        return new TopicRegistry(dir, 8, true);
    }

    /** Waits until {@code condition} holds; 20 s is only a guard against hanging. */
    static void await(Condition condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + (last == null ? "" : "; last failure: " + last));
            }
            Thread.sleep(20);
        }
    }
}
