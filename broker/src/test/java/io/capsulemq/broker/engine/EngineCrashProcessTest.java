package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.transaction.TransactionResolution;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's state through a real SIGKILL: topic configuration, the offsets a group had written, a timed message
 * that falls due while the broker is down (delivered once after restart) and a half message left pending (still
 * pending, checked and committed once).
 */
class EngineCrashProcessTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepTopicsOffsetsTimersAndHalfMessagesThroughAKill() throws Exception {
        Map<String, String[]> said = runAndKill(1500);
        long due = Long.parseLong(said.get("TIMED")[1]);
        String timedId = said.get("TIMED")[0];
        String halfId = said.get("HALF")[0];
        long halfOffset = Long.parseLong(said.get("HALF")[1]);
        // Restart after the timed message fell due.
        while (System.currentTimeMillis() < due + 200) {
            Thread.sleep(50);
        }
        try (Broker broker = Broker.start(CrashedBroker.config(dir))) {
            assertEquals(2, broker.topics().find(CrashedBroker.TOPIC).orElseThrow().readQueueNums());
            assertEquals(4, broker.offsets().committed(CrashedBroker.GROUP, CrashedBroker.TOPIC, 0).getAsLong(),
                    "the group resumes from the last written offset: at least once, nothing skipped");
            List<StoredMessage> timed = awaitMessages(broker, 1, 10_000);
            assertEquals(List.of(timedId), timed.stream().map(StoredMessage::uniqueId).toList());
            assertTrue(timed.get(0).storeTimestamp() >= due, "delivered no earlier than its time");
            assertEquals(List.of(halfId), broker.admin().pendingHalfMessages(10).stream()
                    .map(h -> h.messageId()).toList());
            broker.transactions().end(CrashedBroker.PRODUCER_GROUP, halfOffset, TransactionResolution.COMMIT, false)
                    .get(10, TimeUnit.SECONDS);
            List<StoredMessage> visible = awaitMessages(broker, 2, 10_000);
            assertEquals(halfId, visible.get(1).uniqueId());
        }
        try (Broker broker = Broker.start(CrashedBroker.config(dir))) {
            Thread.sleep(500);
            assertEquals(2, broker.store().get(CrashedBroker.TOPIC, 1, 0, 10, MessageFilter.ALL).messages().size(),
                    "after a clean restart nothing fires or commits twice");
            assertTrue(broker.admin().pendingHalfMessages(10).isEmpty());
        }
    }

    private static List<StoredMessage> awaitMessages(Broker broker, int count, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<StoredMessage> got;
        do {
            got = broker.store().get(CrashedBroker.TOPIC, 1, 0, 10, MessageFilter.ALL).messages();
            if (got.size() >= count) {
                return got;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return fail("expected " + count + " messages in queue 1, found " + got.size());
    }

    private Map<String, String[]> runAndKill(long timedDelayMillis) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashedBroker.class.getName(),
                dir.toString(), Long.toString(timedDelayMillis));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        Map<String, String[]> said = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("READY")) {
                String[] f = line.split(" ");
                said.put(f[0], java.util.Arrays.copyOfRange(f, 1, f.length));
            }
            assertEquals("READY", line, "the broker process did not get ready");
            p.toHandle().destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "the broker should have died of SIGKILL");
        return said;
    }
}
