package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.PutResult;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import static io.capsulemq.broker.engine.timer.TimerTests.openStore;
import static org.junit.jupiter.api.Assertions.*;

class TimerMessagesTest {
    @TempDir
    Path dir;

    @Test
    void shouldGiveBackWhatWasSentWithTheSameIdInItsOwnTopic() {
        MessageToStore original = MessageToStore.builder("%RETRY%group", 3).body(new byte[] {1, 2, 3})
                .flag(7).bornTimestamp(1234).bornHost(new InetSocketAddress("10.1.2.3", 4567)).reconsumeTimes(2)
                .property(MessageProperties.UNIQUE_KEY, "ID-1").keys("a", "b").tags("TagB")
                .property("user", "value").property(MessageProperties.DELAY_LEVEL, "4").build();
        try (DefaultMessageStore store = openStore(dir)) {
            MessageToStore wrapped = TimerMessages.wrap(original, 99_000);
            assertEquals(TimerMessages.TIMER_TOPIC, wrapped.topic());
            assertEquals(0, wrapped.queueId());
            assertEquals(99_000, wrapped.tagsCode(), "the timer queue keeps the due time as tag code");
            PutResult put = store.put(wrapped);
            StoredMessage record = store.lookAt(put.commitLogOffset()).orElseThrow();
            assertEquals(99_000, TimerMessages.dueMillis(record));

            MessageToStore fired = TimerMessages.unwrap(record);
            assertEquals("%RETRY%group", fired.topic());
            assertEquals(3, fired.queueId());
            assertArrayEquals(new byte[] {1, 2, 3}, fired.body());
            assertEquals(7, fired.flag());
            assertEquals(1234, fired.bornTimestamp());
            assertEquals(new InetSocketAddress("10.1.2.3", 4567), fired.bornHost());
            assertEquals(2, fired.reconsumeTimes());
            Map<String, String> p = fired.properties();
            assertEquals("ID-1", p.get(MessageProperties.UNIQUE_KEY));
            assertEquals("a b", p.get(MessageProperties.KEYS));
            assertEquals("TagB", p.get(MessageProperties.TAGS));
            assertEquals("value", p.get("user"));
            assertEquals(Long.toString(put.commitLogOffset()), p.get(TimerMessages.TIMER_ORIGIN_OFFSET));
            assertEquals("99000", p.get(TimerMessages.TIMER_OUT_MS));
            assertNull(p.get(MessageProperties.REAL_TOPIC));
            assertNull(p.get(MessageProperties.REAL_QUEUE_ID));
            assertNull(p.get(MessageProperties.DELAY_LEVEL), "a fired message must not be delayed again");
            assertEquals(MessageProperties.tagsCode("TagB"), fired.tagsCode());
        }
    }

    @Test
    void shouldGiveAMessageWithoutUniqueIdTheTimerRecordsIdEveryTime() {
        try (DefaultMessageStore store = openStore(dir)) {
            PutResult put = store.put(TimerMessages.wrap(MessageToStore.builder("T", 0).build(), 5));
            StoredMessage record = store.lookAt(put.commitLogOffset()).orElseThrow();
            String id = TimerMessages.unwrap(record).properties().get(MessageProperties.UNIQUE_KEY);
            assertEquals(put.offsetMessageIds().get(0), id);
            assertEquals(id, TimerMessages.unwrap(record).properties().get(MessageProperties.UNIQUE_KEY));
        }
    }

    @Test
    void shouldRefuseToWrapATimerRecordOrUnwrapAnOrdinaryMessage() {
        MessageToStore wrapped = TimerMessages.wrap(MessageToStore.builder("T", 0).build(), 5);
        assertThrows(IllegalArgumentException.class, () -> TimerMessages.wrap(wrapped, 6));
        try (DefaultMessageStore store = openStore(dir)) {
            PutResult put = store.put(MessageToStore.builder("T", 0).build());
            StoredMessage plain = store.lookAt(put.commitLogOffset()).orElseThrow();
            assertThrows(IllegalArgumentException.class, () -> TimerMessages.unwrap(plain));
        }
    }
}
