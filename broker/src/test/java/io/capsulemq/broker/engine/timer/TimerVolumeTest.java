package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.engine.ManualClock;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

import static io.capsulemq.broker.engine.timer.TimerTests.*;
import static org.junit.jupiter.api.Assertions.*;

/** Two hundred thousand pending entries, across a restart, each delivered once. */
class TimerVolumeTest {
    private static final int COUNT = 200_000;
    private static final int SLOTS_USED = 200;

    @TempDir
    Path dir;

    private DefaultMessageStore open() {
        return DefaultMessageStore.open(TestStores.smallConfig(storeDir(dir)).commitLogSegmentSize(64 << 20)
                .consumeQueueEntriesPerSegment(300_000).indexHashSlots(131_072).indexEntriesPerFile(1 << 19)
                .build());
    }

    @Test
    void shouldFireTwoHundredThousandPendingEntriesEachOnce() throws IOException {
        ManualClock clock = new ManualClock(T0);
        TimerConfig config = config(dir).logSegmentBytes(2 << 20).build();
        try (DefaultMessageStore store = open()) {
            try (TimerService timer = TimerService.open(store, config, clock)) {
                List<MessageToStore> batch = new ArrayList<>(1000);
                for (int i = 0; i < COUNT; i++) {
                    MessageToStore original = MessageToStore.builder("V", 0).body(new byte[16])
                            .property("UNIQ_KEY", "V" + i).property("seq", Integer.toString(i)).build();
                    batch.add(TimerMessages.wrap(original, T0 + 1_000 + (i % SLOTS_USED) * PRECISION));
                    if (batch.size() == 1000) {
                        assertTrue(store.putBatch(batch).isOk());
                        batch.clear();
                    }
                }
                timer.wakeUp();
                await("all scheduled", Duration.ofSeconds(120), () -> timer.pendingCount() == COUNT);
            }
            assertTrue(logSegments(config) > 3, "the pending entries span several timer log segments");
            try (TimerService timer = TimerService.open(store, config, clock)) {
                assertEquals(COUNT, timer.pendingCount());
                advanceTo(clock, timer, T0 + 1_000 + SLOTS_USED * PRECISION);
                await("all delivered", Duration.ofSeconds(120), () -> store.maxOffset("V", 0) >= COUNT);
                assertEquals(COUNT, timer.stats().fired());
                assertEquals(0, timer.pendingCount());
            }
            assertEquals(COUNT, store.maxOffset("V", 0));
            BitSet seen = new BitSet(COUNT);
            for (long offset = 0; offset < COUNT; ) {
                GetResult r = store.get("V", 0, offset, 1000, MessageFilter.ALL);
                for (StoredMessage m : r.messages()) {
                    int seq = Integer.parseInt(m.property("seq"));
                    assertFalse(seen.get(seq), "message " + seq + " delivered twice");
                    seen.set(seq);
                }
                offset = r.nextOffset();
            }
            assertEquals(COUNT, seen.cardinality());
            assertTrue(logSegments(config) <= 2, "done timer log segments are deleted");
        }
    }

    private static long logSegments(TimerConfig config) throws IOException {
        try (Stream<Path> files = Files.list(config.dir().resolve(PersistentWheel.LOG_DIR))) {
            return files.count();
        }
    }
}
