package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.lock.QueueLocks;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class QueueLocksTest {
    private static final QueueId Q0 = new QueueId("t", 0);
    private static final QueueId Q1 = new QueueId("t", 1);

    @Test
    void shouldGiveAQueueToOneMemberOfAGroupAtATime() {
        QueueLocks locks = new QueueLocks(new ManualClock(), Duration.ofSeconds(60));
        assertEquals(Set.of(Q0, Q1), locks.lock("g", "a", Set.of(Q0, Q1)));
        assertEquals(Set.of(), locks.lock("g", "b", Set.of(Q0, Q1)));
        assertEquals(Set.of(Q0), locks.lock("other-group", "b", Set.of(Q0)), "groups lock independently");
        assertTrue(locks.isHeldBy("g", Q0, "a"));
        assertFalse(locks.isHeldBy("g", Q0, "b"));
    }

    @Test
    void shouldLetALapsedLeaseBeTakenButKeepARenewedOne() {
        ManualClock clock = new ManualClock();
        QueueLocks locks = new QueueLocks(clock, Duration.ofSeconds(60));
        locks.lock("g", "a", Set.of(Q0, Q1));
        clock.advance(Duration.ofSeconds(40));
        locks.lock("g", "a", Set.of(Q0));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Set.of(Q1), locks.lock("g", "b", Set.of(Q0, Q1)), "only the unrenewed lease lapsed");
        assertTrue(locks.isHeldBy("g", Q0, "a"));
        assertFalse(locks.isHeldBy("g", Q1, "a"));
    }

    @Test
    void shouldReleaseOnlyTheCallersLeases() {
        QueueLocks locks = new QueueLocks(new ManualClock(), Duration.ofSeconds(60));
        locks.lock("g", "a", Set.of(Q0));
        locks.unlock("g", "b", Set.of(Q0));
        assertTrue(locks.isHeldBy("g", Q0, "a"));
        locks.unlock("g", "a", Set.of(Q0));
        assertEquals(Set.of(Q0), locks.lock("g", "b", Set.of(Q0)));
        locks.releaseAll("b");
        assertFalse(locks.isHeldBy("g", Q0, "b"));
    }
}
