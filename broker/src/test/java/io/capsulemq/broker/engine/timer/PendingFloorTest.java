package io.capsulemq.broker.engine.timer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PendingFloorTest {
    /** 4096 slots: blocks of 4 slots, 1025 cells. */
    private static final int SLOTS = 4096;

    @Test
    void shouldNeedNothingWhileEmpty() {
        assertEquals(Long.MAX_VALUE, new PendingFloor(SLOTS).lowest(0));
    }

    @Test
    void shouldGiveTheLowestOffsetOfTheBlocksNotYetPassed() {
        PendingFloor floor = new PendingFloor(SLOTS);
        floor.add(1000, 500, 1000);
        floor.add(1010, 300, 1000);
        floor.add(2000, 900, 1000);
        floor.add(2001, 950, 1000);
        assertEquals(300, floor.lowest(1000));
        assertEquals(300, floor.lowest(1004), "block [1000, 1004) is passed; 300 is due at 1010");
        assertEquals(900, floor.lowest(1012));
        assertEquals(900, floor.lowest(2001), "the block of 2000 and 2001 is not passed yet");
        assertEquals(Long.MAX_VALUE, floor.lowest(2004));
    }

    @Test
    void shouldLagNeverLead() {
        PendingFloor floor = new PendingFloor(SLOTS);
        floor.add(1001, 100, 1000);
        floor.add(1002, 200, 1000);
        assertEquals(100, floor.lowest(1002), "a fired entry may hold its block's bound until the block is passed");
        // Moved on: its record is read again later, under the same offset.
        floor.add(1500, 100, 1003);
        assertEquals(100, floor.lowest(1004));
        assertEquals(Long.MAX_VALUE, floor.lowest(1504));
    }

    @Test
    void shouldReuseACellOnceItsBlockIsPassed() {
        PendingFloor floor = new PendingFloor(SLOTS);
        floor.add(1, 5, 0);
        // 1025 blocks on, the same cell: the first block is long passed, so its bound goes.
        floor.add(4101, 700, 4100);
        assertEquals(700, floor.lowest(4100));
    }

    @Test
    void shouldKeepALiveBlocksBoundWhenAnotherFallsInItsCell() {
        PendingFloor floor = new PendingFloor(SLOTS);
        floor.add(1, 5, 0);
        // Beyond the wheel's span (never done by the wheel): merged, not lost.
        floor.add(4101, 700, 0);
        assertEquals(5, floor.lowest(0));
        assertEquals(5, floor.lowest(4100), "the merged bound is held as long as the later block");
    }
}
