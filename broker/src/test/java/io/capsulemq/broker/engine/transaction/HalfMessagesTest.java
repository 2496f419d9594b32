package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HalfMessagesTest {
    @Test
    void shouldNotCarryAnXaBranchMarkOntoTheCommittedMessage() {
        MessageToStore prepared = MessageToStore.builder("orders", 3)
                .property(MessageProperties.UNIQUE_KEY, "ID-1").property("region", "eu")
                .property(HalfMessages.XA_BRANCH, "4660:abcd:01").build();
        MessageToStore half = HalfMessages.toHalf(prepared);
        assertEquals(SystemTopics.TRANSACTION_HALF, half.topic());
        assertEquals("4660:abcd:01", half.properties().get(HalfMessages.XA_BRANCH), "the half keeps its branch");

        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 0);
        StoredMessage stored = new StoredMessage(half.topic(), 0, 0, 0, 4096, 100, half.sysFlag(), 1, host, 2, host,
                0, 0, new byte[0], Map.copyOf(half.properties()));
        MessageToStore committed = HalfMessages.committed(stored);
        assertEquals("orders", committed.topic());
        assertEquals(3, committed.queueId());
        assertFalse(committed.properties().containsKey(HalfMessages.XA_BRANCH));
        assertEquals("eu", committed.properties().get("region"));
        assertEquals("ID-1", committed.properties().get(MessageProperties.UNIQUE_KEY));
    }
}
