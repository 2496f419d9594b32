package io.capsulemq.broker.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Durability with real processes: a writer JVM appends with synchronous flush and reports every acknowledged
 * message; it is killed with SIGKILL at a random moment, the store is reopened and every acknowledged message must
 * be there, intact, with no corrupt record anywhere in its queues. Twenty rounds on one growing store.
 */
class CrashRecoveryProcessTest {
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    static StoreConfig config(Path dir) {
        // Small segments so rounds cross segment boundaries; a long checkpoint interval so replays are real work.
        return TestStores.smallConfig(dir).commitLogSegmentSize(1 << 20).flushMode(FlushMode.SYNC)
                .checkpointInterval(Duration.ofMillis(300)).queueFlushInterval(Duration.ofMillis(700)).build();
    }

    /** What the writer acknowledged: (queue, queue offset) to sequence number. */
    private final Map<Long, Long> acknowledged = new HashMap<>();

    private static long key(int queue, long queueOffset) {
        return ((long) queue << 48) | queueOffset;
    }

    @Test
    void shouldKeepEveryAcknowledgedMessageThroughRepeatedKills() throws Exception {
        Random random = new Random(42);
        long nextSeq = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int acksBefore = acknowledged.size();
            runAndKill(nextSeq, random.nextInt(600));
            assertTrue(acknowledged.size() > acksBefore, "round " + round + ": the writer acknowledged nothing");
            nextSeq += 10_000_000L;
            verify(round);
        }
    }

    private void runAndKill(long firstSeq, long millisBeforeKill) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Long.toString(firstSeq));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            assertEquals("READY", line, "the writer did not start");
            // The random moment is counted from the first acknowledgement, so every round kills a busy writer.
            CountDownLatch firstAck = new CountDownLatch(1);
            Thread killer = new Thread(() -> {
                try {
                    firstAck.await(30, TimeUnit.SECONDS);
                    Thread.sleep(millisBeforeKill);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it leaves our pipes open
            });
            killer.start();
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    firstAck.countDown();
                    String[] f = line.split(" ");
                    acknowledged.put(key(Integer.parseInt(f[1]), Long.parseLong(f[2])), Long.parseLong(f[3]));
                }
            }
            killer.join();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "the writer should have died of SIGKILL");
    }

    private void verify(int round) {
        try (DefaultMessageStore store = DefaultMessageStore.open(config(dir))) {
            assertFalse(store.recoveryReport().previousShutdownClean(), "round " + round);
            TestStores.awaitDispatched(store);
            int checked = 0;
            for (int q = 0; q < CrashWriter.THREADS; q++) {
                long max = store.maxOffset(CrashWriter.TOPIC, q);
                for (long offset = 0; offset < max; ) {
                    GetResult r = store.get(CrashWriter.TOPIC, q, offset, 256, MessageFilter.ALL);
                    assertEquals(GetStatus.FOUND, r.status(), "round " + round + " queue " + q + " at " + offset);
                    for (StoredMessage m : r.messages()) {
                        long seq = Long.parseLong(m.property("seq"));
                        assertArrayEquals(TestStores.patternBody(seq, CrashWriter.sizeOf(seq)), m.body(),
                                "round " + round + ": body of seq " + seq);
                        Long acked = acknowledged.get(key(q, m.queueOffset()));
                        if (acked != null) {
                            assertEquals(acked.longValue(), seq, "round " + round + ": queue " + q + " offset "
                                    + m.queueOffset() + " holds another message than was acknowledged");
                        }
                        checked++;
                    }
                    assertEquals(offset + r.messages().size(), r.nextOffset(), "a gap in queue " + q);
                    offset = r.nextOffset();
                }
            }
            for (Map.Entry<Long, Long> e : acknowledged.entrySet()) {
                int q = (int) (e.getKey() >>> 48);
                long offset = e.getKey() & ((1L << 48) - 1);
                assertTrue(offset < store.maxOffset(CrashWriter.TOPIC, q), "round " + round
                        + ": acknowledged message seq " + e.getValue() + " at queue " + q + " offset " + offset
                        + " is lost");
            }
            assertTrue(checked >= acknowledged.size());
        }
    }
}
