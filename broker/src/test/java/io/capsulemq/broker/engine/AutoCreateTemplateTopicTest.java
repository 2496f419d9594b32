package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RocketMQ's clients send to a topic no one created through a broker that routes the template topic TBW102 with
 * the inherit permission; a broker that does not auto-create topics must not route it.
 */
class AutoCreateTemplateTopicTest {

    @Test
    void shouldRouteTheTemplateTopicWhileAutoCreationIsOnAndDropItWhenTurnedOff(@TempDir Path dir) {
        try (Broker broker = TestBrokers.start(dir, b -> b.autoCreateTopicEnable(true).defaultTopicQueueNums(6))) {
            TopicConfig template = broker.topics().find(SystemTopics.AUTO_CREATE_DEFAULT).orElseThrow();
            assertEquals(6, template.writeQueueNums());
            assertTrue((template.perm() & Permission.INHERIT) != 0, "the inherit bit tells clients to use it");
            assertTrue(Permission.writable(template.perm()));
        }
        try (Broker broker = TestBrokers.start(dir, b -> b.autoCreateTopicEnable(false))) {
            assertFalse(broker.topics().find(SystemTopics.AUTO_CREATE_DEFAULT).isPresent());
        }
    }
}
