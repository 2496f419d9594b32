package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.TestStores;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pop state through real crashes: a consumer JVM pops and acknowledges with synchronous flush and is killed with
 * SIGKILL at a random moment, twice; then no acknowledged message may ever come back and every other
 * one must still be delivered (except those whose acknowledgement was under way at the kill: either is right).
 */
class PopCrashTest {
    static final String TOPIC = "crashy";
    private static final int PER_QUEUE = 400;
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    @Test
    void shouldNeitherLoseNorResurrectMessagesThroughKills() throws Exception {
        Set<String> all = new HashSet<>();
        try (PopFixture f = new PopFixture(dir)) {
            f.topic(TOPIC, 2, MessageType.NORMAL);
            for (int q = 0; q < 2; q++) {
                List<MessageToStore> batch = new ArrayList<>();
                for (int i = 0; i < PER_QUEUE; i++) {
                    String body = "q" + q + "m" + i;
                    all.add(body);
                    batch.add(MessageToStore.builder(TOPIC, q).body(body.getBytes(StandardCharsets.UTF_8))
                            .property(MessageProperties.UNIQUE_KEY, body).build());
                }
                assertTrue(f.store.putBatch(batch).isOk());
            }
            TestStores.awaitDispatched(f.store);
        }

        Random random = new Random(7);
        Set<String> acknowledged = new HashSet<>();
        Set<String> acknowledging = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(acknowledged, acknowledging, 100 + random.nextInt(400));
        }
        assertFalse(acknowledged.isEmpty());

        try (PopFixture f = new PopFixture(dir)) {
            // Everything popped before the kills is visible again; what is left must come out once, here.
            f.afterInvisibleTime();
            Set<String> redelivered = new HashSet<>();
            List<PoppedMessage> got;
            while (!(got = f.pop("g", TOPIC, 64)).isEmpty()) {
                for (PoppedMessage m : got) {
                    String body = PopFixture.body(m);
                    assertFalse(acknowledged.contains(body), body + " was acknowledged and came back");
                    assertTrue(redelivered.add(body), body + " was delivered twice");
                }
            }
            Set<String> lost = new java.util.TreeSet<>(all);
            lost.removeAll(acknowledging);
            lost.removeAll(redelivered);
            assertEquals(Set.of(), lost, "messages neither acknowledged before a crash nor delivered after");
        }
    }

    private void runAndKill(Set<String> acknowledged, Set<String> acknowledging, long millisBeforeKill)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PopCrashConsumer.class.getName(), dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("READY", in.readLine(), "the consumer did not start");
            CountDownLatch firstAck = new CountDownLatch(1);
            Thread killer = new Thread(() -> {
                try {
                    firstAck.await(30, TimeUnit.SECONDS);
                    Thread.sleep(millisBeforeKill);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.toHandle().destroyForcibly();
            });
            killer.start();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACKING ")) {
                    acknowledging.add(line.substring(7));
                } else if (line.startsWith("ACK ")) {
                    firstAck.countDown();
                    acknowledged.add(line.substring(4));
                }
            }
            killer.join();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
}
