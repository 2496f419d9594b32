package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.group.GroupRegistry;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.engine.topic.TopicRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupAutoCreationTest {
    @TempDir
    Path dir;

    @Test
    void shouldCreateAGroupSubscribingToAFifoTopicOrdered() {
        TopicRegistry topics = new TopicRegistry(dir, 4, true);
        topics.createOrUpdate(TopicConfig.of("fifo", 4, MessageType.FIFO));
        topics.createOrUpdate(TopicConfig.of("plain", 4, MessageType.NORMAL));
        GroupRegistry groups = new GroupRegistry(dir, true);

        assertTrue(groups.findOrAutoCreateFor("f", List.of("fifo", "%RETRY%f"), topics).orElseThrow()
                .consumeMessageOrderly());
        assertFalse(groups.findOrAutoCreateFor("p", List.of("plain"), topics).orElseThrow().consumeMessageOrderly());
        assertTrue(new GroupRegistry(dir, true).find("f").orElseThrow().consumeMessageOrderly(), "kept on disk");
    }

    @Test
    void shouldWaitForEverySubscribedTopicBeforeCreatingTheGroup() {
        TopicRegistry topics = new TopicRegistry(dir, 4, true);
        GroupRegistry groups = new GroupRegistry(dir, true);
        assertEquals(Optional.empty(), groups.findOrAutoCreateFor("g", List.of("later"), topics));
        assertTrue(groups.find("g").isEmpty());
        topics.createOrUpdate(TopicConfig.of("later", 2, MessageType.FIFO));
        assertTrue(groups.findOrAutoCreateFor("g", List.of("later"), topics).orElseThrow().consumeMessageOrderly());
    }

    @Test
    void shouldLeaveAnExistingGroupAsItIs() {
        TopicRegistry topics = new TopicRegistry(dir, 4, true);
        topics.createOrUpdate(TopicConfig.of("fifo", 4, MessageType.FIFO));
        GroupRegistry groups = new GroupRegistry(dir, true);
        groups.createOrUpdate(GroupConfig.defaults("g").withRetryMaxTimes(3));
        GroupConfig found = groups.findOrAutoCreateFor("g", List.of("fifo"), topics).orElseThrow();
        assertFalse(found.consumeMessageOrderly());
        assertEquals(3, found.retryMaxTimes());
    }

    @Test
    void shouldCreateNothingWhenAutoCreationIsOff() {
        TopicRegistry topics = new TopicRegistry(dir, 4, true);
        topics.createOrUpdate(TopicConfig.of("fifo", 4, MessageType.FIFO));
        GroupRegistry groups = new GroupRegistry(dir, false);
        assertEquals(Optional.empty(), groups.findOrAutoCreateFor("g", List.of("fifo"), topics));
    }
}
