package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.group.ConsumeFrom;
import io.capsulemq.broker.engine.group.ConsumerOffsets;
import io.capsulemq.broker.engine.group.StartingOffsets;
import io.capsulemq.broker.engine.group.GroupConfig;
import io.capsulemq.broker.engine.group.GroupRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class GroupStateTest {
    @TempDir
    Path dir;

    @Test
    void shouldRestoreCommittedOffsetsFromRocketMqShapedFile() throws Exception {
        ConsumerOffsets offsets = new ConsumerOffsets(dir);
        offsets.commit("g", "t", 0, 5);
        offsets.commit("g", "t", 3, 9);
        offsets.commit("h", "t", 0, 1);
        offsets.persist();
        String json = Files.readString(dir.resolve("consumerOffset.json"));
        assertTrue(json.contains("\"offsetTable\"") && json.contains("\"t@g\""), json);
        ConsumerOffsets reopened = new ConsumerOffsets(dir);
        assertEquals(Map.of(0, 5L, 3, 9L), reopened.committed("g", "t"));
        assertEquals(OptionalLong.of(1), reopened.committed("h", "t", 0));
        assertEquals(OptionalLong.empty(), reopened.committed("h", "t", 1));
        assertEquals(Set.of("g", "h"), reopened.groupsOf("t"));
        assertEquals(Set.of("t"), reopened.topicsOf("g"));
    }

    @Test
    void shouldNotWriteWhenNothingChangedAndForgetRemovedGroups() throws Exception {
        ConsumerOffsets offsets = new ConsumerOffsets(dir);
        offsets.persist();
        assertFalse(Files.exists(dir.resolve("consumerOffset.json")));
        offsets.commit("g", "t", 0, 5);
        offsets.removeGroup("g");
        offsets.persist();
        assertTrue(new ConsumerOffsets(dir).committed("g", "t").isEmpty());
    }

    @Test
    void shouldStartANewGroupWhereItsConfigSays() throws Exception {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.sender().send(TestBrokers.message("t", 0, "old")).join();
            Thread.sleep(20);
            long cut = System.currentTimeMillis();
            Thread.sleep(20);
            broker.sender().send(TestBrokers.message("t", 0, "new")).join();
            TestBrokers.awaitDispatched(broker);
            GroupConfig group = GroupConfig.defaults("g");
            assertEquals(2, StartingOffsets.of(group, broker.store(), "t", 0));
            assertEquals(0, StartingOffsets.of(group.withConsumeFrom(ConsumeFrom.FIRST_OFFSET, 0),
                    broker.store(), "t", 0));
            assertEquals(1, StartingOffsets.of(group.withConsumeFrom(ConsumeFrom.TIMESTAMP, cut),
                    broker.store(), "t", 0));
        }
    }

    @Test
    void shouldReadAGroupFileWrittenBeforeNewerSettingsExisted() throws Exception {
        Files.writeString(dir.resolve("subscriptionGroups.json"),
                "{\"old\": {\"groupName\": \"old\", \"consumeEnable\": true, \"retryMaxTimes\": 3}}");
        GroupConfig old = new GroupRegistry(dir, false).find("old").orElseThrow();
        assertEquals(3, old.retryMaxTimes());
        assertEquals(MessageModel.CLUSTERING, old.messageModel());
        assertEquals(ConsumeFrom.LAST_OFFSET, old.consumeFrom());
    }

    @Test
    void shouldAutoCreateGroupsOnlyWhenAllowedAndKeepThem() {
        GroupRegistry closed = new GroupRegistry(dir.resolve("a"), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> closed.findOrAutoCreate("g"));
        assertTrue(e.getMessage().contains("auto-creation"), e.getMessage());
        GroupRegistry open = new GroupRegistry(dir.resolve("b"), true);
        assertEquals(GroupConfig.DEFAULT_RETRY_MAX_TIMES, open.findOrAutoCreate("g").retryMaxTimes());
        open.createOrUpdate(open.findOrAutoCreate("g").withRetryMaxTimes(2));
        assertEquals(2, new GroupRegistry(dir.resolve("b"), false).find("g").orElseThrow().retryMaxTimes());
    }
}
