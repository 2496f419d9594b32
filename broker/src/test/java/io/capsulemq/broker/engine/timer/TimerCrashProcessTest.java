package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoreConfig;
import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.capsulemq.broker.engine.timer.TimerTests.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly once with real processes: thousands of messages fall due over a few seconds while a timer JVM (store under
 * synchronous flush) is killed with SIGKILL at random moments and started again; afterwards each message must have
 * been delivered once, none before its due time.
 */
class TimerCrashProcessTest {
    private static final int COUNT = 6_000;
    private static final int SLOTS = 16;
    private static final long SPREAD_MILLIS = 250;
    private static final int MAX_ROUNDS = 12;

    @TempDir
    Path dir;

    static StoreConfig storeConfig(Path dir) {
        return TimerTests.storeConfig(dir).flushMode(FlushMode.SYNC).checkpointInterval(Duration.ofMillis(300))
                .queueFlushInterval(Duration.ofMillis(700)).build();
    }

    static TimerConfig timerConfig(Path dir) {
        return TimerConfig.builder(dir.resolve("timer")).precision(Duration.ofMillis(50)).horizon(Duration.ofHours(1))
                .logSegmentBytes(128 * 1024).checkpointInterval(Duration.ofMillis(300)).fireAheadBudget(600).build();
    }

    @Test
    void shouldDeliverEachTimedMessageOnceThroughRepeatedKills() throws Exception {
        long firstDue = System.currentTimeMillis() + 1_500;
        long[] due = new long[COUNT];
        try (DefaultMessageStore store = DefaultMessageStore.open(storeConfig(dir).toBuilder()
                .flushMode(FlushMode.ASYNC).build())) {
            List<MessageToStore> batch = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                due[i] = firstDue + (i % SLOTS) * SPREAD_MILLIS + i % 7;
                batch.add(TimerMessages.wrap(original("K", i % 4, "k" + i), due[i]));
                if (batch.size() == 500) {
                    assertTrue(store.putBatch(batch).isOk());
                    batch.clear();
                }
            }
        }
        long lastDue = firstDue + SLOTS * SPREAD_MILLIS;
        Random random = new Random(7);
        int rounds = 0;
        while (rounds < MAX_ROUNDS && (rounds < 3 || System.currentTimeMillis() < lastDue + 500)) {
            runAndKill(100 + random.nextInt(500));
            rounds++;
        }
        try (DefaultMessageStore store = DefaultMessageStore.open(storeConfig(dir));
             TimerService timer = TimerService.open(store, timerConfig(dir), Clock.systemUTC())) {
            await("every message delivered", Duration.ofSeconds(60), () -> timer.pendingCount() == 0
                    && total(store) >= COUNT);
            int[] deliveries = new int[COUNT];
            for (int q = 0; q < 4; q++) {
                for (StoredMessage m : readAll(store, "K", q)) {
                    int seq = Integer.parseInt(m.uniqueId().substring(1));
                    deliveries[seq]++;
                    assertTrue(m.storeTimestamp() >= due[seq], "k" + seq + " fired " + (due[seq]
                            - m.storeTimestamp()) + " ms early");
                }
            }
            for (int i = 0; i < COUNT; i++) {
                assertEquals(1, deliveries[i], "k" + i + " delivered " + deliveries[i] + " times (after " + rounds
                        + " kills)");
            }
        }
    }

    private static long total(DefaultMessageStore store) {
        long n = 0;
        for (int q = 0; q < 4; q++) {
            n += store.maxOffset("K", q);
        }
        return n;
    }

    private void runAndKill(long millisBeforeKill) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TimerCrashChild.class.getName(), dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            assertNotNull(line, "the timer process did not start");
            assertTrue(line.startsWith("READY"), line);
            Thread.sleep(millisBeforeKill);
            p.toHandle().destroyForcibly(); // SIGKILL
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "the timer process should have died of SIGKILL");
    }
}
