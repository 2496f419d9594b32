package io.capsulemq.broker.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueueConcurrencyTest {
    private static final int ENTRIES = 100_000;

    @TempDir
    Path root;

    private static String inconsistency(ConsumeQueueEntry e, long expectedOffset) {
        if (e.queueOffset() != expectedOffset || e.commitLogOffset() != expectedOffset * 100
                || e.size() != expectedOffset % 1000 + 1 || e.tagsCode() != ~expectedOffset) {
            return "inconsistent entry " + e + " at offset " + expectedOffset;
        }
        return null;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldNeverShowReadersAHalfWrittenEntryWhileAppending() throws Exception {
        ConsumeQueue queue = new ConsumeQueue(root.resolve("T").resolve("0"), "T", 0, 4096);
        queue.load();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong sequentiallySeen = new AtomicLong();
        AtomicLong randomChecks = new AtomicLong();

        // Tails the queue in batches; every entry below maxOffset must be complete and in order.
        Thread tailer = new Thread(() -> {
            long next = 0;
            while (next < ENTRIES && failure.get() == null) {
                long maxBefore = queue.maxOffset();
                List<ConsumeQueueEntry> batch = queue.entries(next, 512);
                for (ConsumeQueueEntry e : batch) {
                    String problem = inconsistency(e, next);
                    if (problem != null) {
                        failure.compareAndSet(null, problem);
                        return;
                    }
                    next++;
                }
                if (batch.isEmpty() && next < maxBefore) {
                    failure.compareAndSet(null, "no entry at " + next + " below maxOffset " + maxBefore);
                    return;
                }
            }
            sequentiallySeen.set(next);
        }, "tailer");

        // Probes the newest entries: whatever maxOffset says is written must be readable and whole.
        Thread prober = new Thread(() -> {
            while (queue.maxOffset() < ENTRIES && failure.get() == null) {
                long max = queue.maxOffset();
                if (max == 0) {
                    continue;
                }
                long offset = Math.max(0, max - 1 - ThreadLocalRandom.current().nextLong(Math.min(max, 64)));
                Optional<ConsumeQueueEntry> e = queue.entry(offset);
                String problem = e.isEmpty() ? "entry " + offset + " missing below maxOffset " + max
                        : inconsistency(e.get(), offset);
                if (problem != null) {
                    failure.compareAndSet(null, problem);
                    return;
                }
                randomChecks.incrementAndGet();
            }
        }, "prober");

        tailer.start();
        prober.start();
        for (long n = 0; n < ENTRIES; n++) {
            queue.put(n, n * 100, (int) (n % 1000) + 1, ~n);
        }
        tailer.join();
        prober.join();
        queue.close();

        assertNull(failure.get());
        assertEquals(ENTRIES, sequentiallySeen.get());
        assertTrue(randomChecks.get() > 0, "prober never ran a check");
    }
}
