package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.store.MessageFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.capsulemq.broker.engine.pop.PopFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class PopLongPollTest {
    private static final Duration LONG_POLL = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    PopFixture f;

    @BeforeEach
    void open() {
        f = new PopFixture(dir);
        f.topic("T", 2, MessageType.NORMAL);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private CompletableFuture<List<PoppedMessage>> waitFor(MessageFilter filter, boolean fifo) {
        return f.pop.pop("g", "T", filter, 4, PopFixture.INVISIBLE, LONG_POLL, fifo);
    }

    private static List<PoppedMessage> answer(CompletableFuture<List<PoppedMessage>> pop) throws Exception {
        return pop.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldWakeAWaitingReceiveWhenAMessageArrives() throws Exception {
        CompletableFuture<List<PoppedMessage>> waiting = waitFor(MessageFilter.ALL, false);
        Thread.sleep(100);
        assertFalse(waiting.isDone());
        assertEquals(1, f.pop.waitingCount());

        f.send("T", 1, "m0");
        assertEquals(List.of("m0"), bodies(answer(waiting)));
        assertEquals(0, f.pop.waitingCount());
    }

    @Test
    void shouldAnswerEmptyWhenNothingArrivesWithinThePollTime() throws Exception {
        long started = System.nanoTime();
        List<PoppedMessage> got = answer(f.pop.pop("g", "T", MessageFilter.ALL, 4, PopFixture.INVISIBLE,
                Duration.ofMillis(300), false));
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(List.of(), got);
        assertTrue(waitedMillis >= 250, "waited " + waitedMillis + " ms");
        assertEquals(0, f.pop.waitingCount());
    }

    @Test
    void shouldKeepWaitingThroughArrivalsItsFilterRejects() throws Exception {
        CompletableFuture<List<PoppedMessage>> waiting = waitFor(tags("A"), false);
        f.send("T", 0, "b1", "B");
        Thread.sleep(200);
        assertFalse(waiting.isDone());

        f.send("T", 0, "a1", "A");
        assertEquals(List.of("a1"), bodies(answer(waiting)));
    }

    @Test
    void shouldWakeAWaitingFifoReceiveWhenItsQueueIsReleased() throws Exception {
        f.topic("T", 1, MessageType.FIFO);
        f.send("T", 0, "m0");
        f.send("T", 0, "m1");
        PoppedMessage first = f.popFifo("g", "T", 1).get(0);
        CompletableFuture<List<PoppedMessage>> waiting = waitFor(MessageFilter.ALL, true);
        Thread.sleep(100);
        assertFalse(waiting.isDone());

        f.pop.ack("g", "T", first.receiptHandle());
        assertEquals(List.of("m1"), bodies(answer(waiting)));
    }

    @Test
    void shouldWakeAWaitingReceiveWhenAMessageBecomesVisibleAgain() throws Exception {
        f.send("T", 0, "m0");
        f.pop("g", "T", 1);
        CompletableFuture<List<PoppedMessage>> waiting = waitFor(MessageFilter.ALL, false);
        Thread.sleep(100);
        assertFalse(waiting.isDone());

        f.afterInvisibleTime();
        List<PoppedMessage> got = answer(waiting);
        assertEquals(List.of("m0"), bodies(got));
        assertEquals(2, got.get(0).deliveryAttempt());
    }

    @Test
    void shouldAnswerWaitingReceivesEmptyWhenClosed() throws Exception {
        CompletableFuture<List<PoppedMessage>> waiting = waitFor(MessageFilter.ALL, false);
        f.pop.close();
        assertEquals(List.of(), answer(waiting));
    }
}
