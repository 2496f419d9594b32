package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.topic.SystemTopics;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class OpRecordTest {
    @Test
    void shouldReadBackWhatItWrote() {
        OpRecord check = new OpRecord(OpRecord.Kind.CHECK, 41, 123_456, 3, 40, 1_700_000_000_000L);
        MessageToStore message = check.toMessage();

        assertEquals(SystemTopics.TRANSACTION_OP, message.topic());
        assertEquals(0, message.queueId());
        assertEquals("41", new String(message.body(), StandardCharsets.US_ASCII));
        assertEquals("c", message.properties().get("TAGS"));
        assertEquals(Optional.of(check), OpRecord.parse(stored(message)));

        OpRecord commit = new OpRecord(OpRecord.Kind.COMMIT, 41, 123_456, 0, 40, 1_700_000_000_001L);
        MessageToStore done = commit.toMessage();
        assertEquals("d", done.properties().get("TAGS"));
        assertNull(done.properties().get(HalfMessages.CHECK_TIMES));
        assertEquals(Optional.of(commit), OpRecord.parse(stored(done)));
    }

    @Test
    void shouldNotTakeAForeignMessageForAnOpRecord() {
        MessageToStore rocketMqStyle = MessageToStore.builder(SystemTopics.TRANSACTION_OP, 0)
                .body("17".getBytes(StandardCharsets.US_ASCII)).tags("d").build();
        assertEquals(Optional.empty(), OpRecord.parse(stored(rocketMqStyle)));
    }

    private static StoredMessage stored(MessageToStore m) {
        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
        return new StoredMessage(m.topic(), m.queueId(), m.flag(), 0, 0, 0, m.sysFlag(), m.bornTimestamp(), host,
                m.bornTimestamp(), host, 0, 0, m.body(), m.properties());
    }
}
