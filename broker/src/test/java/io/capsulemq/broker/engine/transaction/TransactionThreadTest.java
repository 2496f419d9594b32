package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.send.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.capsulemq.broker.engine.transaction.TransactionResolution.COMMIT;
import static org.junit.jupiter.api.Assertions.*;

class TransactionThreadTest {
    @TempDir
    Path dir;

    @Test
    void shouldCheckOnItsOwnThreadAndLeaveNoThreadBehindWhenClosed() throws Exception {
        TransactionBed bed = new TransactionBed(dir, 15, Duration.ofMillis(100), Duration.ofMillis(50));
        try {
            FakeProducer producer = bed.connectProducer("p1").answering(COMMIT);
            SendResult sent = bed.sendHalf("by itself");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (bed.visible().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("by itself"), bed.visibleBodies());
            assertEquals(sent.commitLogOffset(), producer.checks().get(0).half().commitLogOffset());
            assertTrue(checkerThreads() > 0);
        } finally {
            bed.close();
        }
        assertEquals(0, checkerThreads());
    }

    private static long checkerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("capsule-transaction-checker")).count();
    }
}
