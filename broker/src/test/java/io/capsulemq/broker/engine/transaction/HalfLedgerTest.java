package io.capsulemq.broker.engine.transaction;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class HalfLedgerTest {
    @Test
    void shouldMoveTheProgressOnlyOverAnUnbrokenRunOfResolvedHalves() {
        HalfLedger ledger = new HalfLedger(10);
        ledger.resolved(12);
        ledger.resolved(11);
        assertEquals(10, ledger.progress());
        assertEquals(10, ledger.nextUnresolved(0));
        assertEquals(13, ledger.nextUnresolved(11));
        ledger.resolved(10);
        assertEquals(13, ledger.progress());
        assertTrue(ledger.isResolved(5));
        assertFalse(ledger.isResolved(13));
    }

    @Test
    void shouldKeepTrackAcrossARebaseFarPastTheStart() {
        HalfLedger ledger = new HalfLedger(0);
        int far = 200_000;
        for (int q = 1; q < far; q++) {
            ledger.resolved(q);
        }
        ledger.checked(0, 2, 100);
        ledger.resolved(far + 5);
        assertEquals(0, ledger.progress());
        ledger.resolved(0);
        assertEquals(far, ledger.progress());
        assertTrue(ledger.isResolved(far + 5));
        assertFalse(ledger.isResolved(far + 1));
        assertEquals(far + 1, ledger.nextUnresolved(far + 1));
        assertEquals(far + 6, ledger.nextUnresolved(far + 5));
        assertEquals(0, ledger.checkedCount());
    }

    @Test
    void shouldLetOneResolutionHoldAHalfAtATime() {
        HalfLedger ledger = new HalfLedger(0);
        CompletableFuture<Void> first = new CompletableFuture<>();
        assertEquals(HalfLedger.Claim.CLAIMED, ledger.claim(3, first));
        assertEquals(HalfLedger.Claim.BUSY, ledger.claim(3, new CompletableFuture<>()));
        assertSame(first, ledger.claimant(3));
        ledger.release(3);
        assertEquals(HalfLedger.Claim.CLAIMED, ledger.claim(3, new CompletableFuture<>()));
        ledger.resolved(3);
        assertEquals(HalfLedger.Claim.RESOLVED, ledger.claim(3, new CompletableFuture<>()));
        assertNull(ledger.claimant(3));
    }

    @Test
    void shouldKeepTheHighestCheckCountAndIgnoreChecksOfResolvedHalves() {
        HalfLedger ledger = new HalfLedger(0);
        ledger.checked(1, 2, 200);
        ledger.checked(1, 1, 100);
        assertEquals(new HalfLedger.Checks(2, 200), ledger.checks(1));
        ledger.resolved(1);
        ledger.checked(1, 3, 300);
        assertEquals(HalfLedger.Checks.NONE, ledger.checks(1));
    }

    @Test
    void shouldSkipHalvesRemovedFromTheStore() {
        HalfLedger ledger = new HalfLedger(0);
        ledger.resolved(7);
        ledger.skipTo(5);
        assertEquals(5, ledger.progress());
        ledger.resolved(5);
        ledger.resolved(6);
        assertEquals(8, ledger.progress());
    }
}
