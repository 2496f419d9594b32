package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.pop.JournalRecord.Changed;
import io.capsulemq.broker.engine.pop.JournalRecord.Delivery;
import io.capsulemq.broker.engine.pop.JournalRecord.Done;
import io.capsulemq.broker.engine.pop.JournalRecord.Outcome;
import io.capsulemq.broker.engine.pop.JournalRecord.Popped;
import io.capsulemq.broker.engine.pop.JournalRecord.Reset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class JournalCodecTest {
    private final QueueKey queue = new QueueKey("group-é", "Topic_1", 7);

    @Test
    void shouldReadBackEveryKindOfRecord() {
        List<JournalRecord> records = List.of(
                new Popped(1, queue, 1_000, 30_000, true, 12,
                        List.of(new Delivery(10, 5_000, 1), new Delivery(11, 5_100, 3)), List.of(4L, 6L)),
                new Popped(2, queue, 1_000, 30_000, false, 0, List.of(), List.of()),
                new Done(3, queue, 10, Outcome.ACKNOWLEDGED),
                new Done(4, queue, 11, Outcome.DEAD_LETTERED),
                new Changed(5, queue, 10, 2_000, 60_000),
                new Reset(6, queue, 0));
        for (JournalRecord r : records) {
            assertEquals(r, JournalCodec.decode(JournalCodec.encode(r)));
        }
    }

    @Test
    void shouldRefuseBodiesItDidNotWrite() {
        byte[] good = JournalCodec.encode(new Reset(6, queue, 0));
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(Arrays.copyOf(good, good.length - 3)));
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(new byte[] {9, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(new byte[0]));
    }
}
