package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.body.LockBatchRequestBody;
import org.apache.rocketmq.remoting.protocol.body.UnlockBatchRequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** LOCK_BATCH_MQ and UNLOCK_BATCH_MQ as an orderly push consumer takes and gives up its queues. */
class LockProcessorTest {
    private static final String TOPIC = "LockTopic";

    @TempDir
    static Path dir;
    private static BrokerServer server;
    private static String address;

    @BeforeAll
    static void start() {
        server = TestServers.start(dir);
        server.broker().admin().createOrUpdateTopic(TopicConfig.of(TOPIC, 4, MessageType.MIXED));
        address = server.clientAddress();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldGrantEachQueueToOneMemberOfAGroupUntilItUnlocks() throws Exception {
        try (RocketMqClients a = RocketMqClients.start(); RocketMqClients b = RocketMqClients.start()) {
            assertEquals(queues(0, 1), lock(a, "lock-group", queues(0, 1)));
            assertEquals(queues(2), lock(b, "lock-group", queues(1, 2)));

            UnlockBatchRequestBody unlock = new UnlockBatchRequestBody();
            unlock.setConsumerGroup("lock-group");
            unlock.setClientId(a.clientId);
            unlock.setMqSet(queues(1));
            a.api.unlockBatchMQ(address, unlock, RocketMqClients.TIMEOUT_MILLIS, false);

            assertEquals(queues(1, 2), lock(b, "lock-group", queues(1, 2)));
            assertEquals(queues(0), lock(a, "lock-group", queues(0, 1)), "a renews what it still holds");
        }
    }

    @Test
    void shouldLetAnotherGroupLockTheSameQueues() throws Exception {
        try (RocketMqClients a = RocketMqClients.start(); RocketMqClients b = RocketMqClients.start()) {
            assertEquals(queues(3), lock(a, "lock-one", queues(3)));
            assertEquals(queues(3), lock(b, "lock-two", queues(3)));
        }
    }

    @Test
    void shouldFreeTheQueuesOfAClientWhoseConnectionClosed() throws Exception {
        try (RocketMqClients a = RocketMqClients.start(); RocketMqClients b = RocketMqClients.start()) {
            a.api.sendHeartbeat(address, a.consumerHeartbeat("lock-gone", TOPIC, "*"), RocketMqClients.TIMEOUT_MILLIS);
            assertEquals(queues(0), lock(a, "lock-gone", queues(0)));
            assertEquals(Set.of(), lock(b, "lock-gone", queues(0)));

            a.disconnect(address);

            ClientProcessorTest.await(() -> {
                try {
                    return lock(b, "lock-gone", queues(0)).equals(queues(0));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    private static Set<MessageQueue> lock(RocketMqClients client, String group, Set<MessageQueue> queues)
            throws Exception {
        LockBatchRequestBody body = new LockBatchRequestBody();
        body.setConsumerGroup(group);
        body.setClientId(client.clientId);
        body.setMqSet(new HashSet<>(queues));
        return client.api.lockBatchMQ(address, body, RocketMqClients.TIMEOUT_MILLIS);
    }

    private static Set<MessageQueue> queues(int... ids) {
        return IntStream.of(ids).mapToObj(q -> new MessageQueue(TOPIC, "broker-a", q)).collect(Collectors.toSet());
    }
}
