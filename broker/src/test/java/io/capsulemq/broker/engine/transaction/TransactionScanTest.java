package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.engine.send.SendResult;
import io.capsulemq.broker.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static io.capsulemq.broker.engine.transaction.TransactionBed.INTERVAL;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.COMMIT;
import static io.capsulemq.broker.engine.transaction.TransactionResolution.ROLLBACK;
import static org.junit.jupiter.api.Assertions.*;

class TransactionScanTest {
    private static final int HALVES = 300;

    @TempDir
    Path dir;
    TransactionBed bed;

    @BeforeEach
    void open() {
        bed = new TransactionBed(dir, 15);
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void shouldAskAboutExactlyTheUnresolvedHalvesWhateverOrderOthersWereResolvedIn() throws Exception {
        List<SendResult> sent = new ArrayList<>();
        for (int i = 0; i < HALVES; i++) {
            sent.add(bed.sendHalf("m" + i));
        }
        Random random = new Random(42);
        List<SendResult> resolved = new ArrayList<>(sent);
        Collections.shuffle(resolved, random);
        // Two thirds are resolved, from four threads at once, in random order, the first half among them too.
        List<SendResult> left = new ArrayList<>(resolved.subList(0, HALVES / 3));
        resolved = resolved.subList(HALVES / 3, HALVES);
        resolved = new ArrayList<>(resolved);
        if (left.remove(sent.get(0))) {
            resolved.add(sent.get(0));
        }
        Set<String> committed = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> ends = new ArrayList<>();
            for (SendResult s : resolved) {
                boolean commit = random.nextBoolean();
                if (commit) {
                    committed.add(s.messageId());
                }
                ends.add(CompletableFuture.runAsync(() -> bed.end(s, commit ? COMMIT : ROLLBACK), pool));
            }
            ends.forEach(CompletableFuture::join);
        } finally {
            pool.shutdown();
        }
        Set<Long> unresolved = left.stream().map(SendResult::commitLogOffset)
                .collect(Collectors.toCollection(TreeSet::new));
        long firstUnresolvedQueueOffset = left.stream().mapToLong(SendResult::queueOffset).min().orElseThrow();

        FakeProducer silent = bed.connectProducer("p1");
        bed.clock.advance(Duration.ofSeconds(7));
        assertEquals(unresolved.size(), bed.checkPass().checked());
        assertEquals(unresolved, checkedOffsets(silent));
        assertEquals(firstUnresolvedQueueOffset, bed.tx.progress());

        bed.restart();
        FakeProducer answering = bed.connectProducer("p2").answering(COMMIT);
        bed.clock.advance(INTERVAL);
        assertEquals(unresolved.size(), bed.checkPass().checked());
        assertEquals(unresolved, checkedOffsets(answering));
        assertTrue(answering.checks().stream().allMatch(c -> "2".equals(c.half().property(HalfMessages.CHECK_TIMES))));
        answering.awaitAnswers();
        left.forEach(s -> committed.add(s.messageId()));

        List<String> visibleIds = bed.visible().stream().map(StoredMessage::uniqueId).toList();
        assertEquals(committed.size(), visibleIds.size(), "no duplicates");
        assertEquals(committed, new HashSet<>(visibleIds));
        assertEquals(HALVES, bed.tx.progress());
        assertEquals(List.of(), bed.pending());

        bed.restart();
        assertEquals(HALVES, bed.tx.progress());
        bed.clock.advance(INTERVAL);
        assertEquals(new HalfChecker.Pass(0, 0, 0), bed.checkPass());
    }

    private static Set<Long> checkedOffsets(FakeProducer producer) {
        List<Long> offsets = producer.checks().stream().map(c -> c.half().commitLogOffset()).toList();
        assertEquals(offsets.size(), new HashSet<>(offsets).size(), "each asked about once");
        return new TreeSet<>(offsets);
    }
}
