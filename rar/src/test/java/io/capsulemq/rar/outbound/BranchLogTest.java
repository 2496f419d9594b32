package io.capsulemq.rar.outbound;

import io.capsulemq.client.remote.SentHalf;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchLogTest {
    private static final String XID_A = "4d49-0a0b-01";
    private static final String XID_B = "4d49-0c0d-02";

    @TempDir
    Path dir;

    private static SentHalf half(String id, long offset) {
        return new SentHalf("127.0.0.1:10911", "CAPSULE_XA_x", "orders", offset, offset / 100, id, "tx-" + id);
    }

    @Test
    void shouldReadPreparedBranchesBackAfterARestartWithEveryFieldAndTheSameAdapterId() {
        BranchLog first = BranchLog.open(dir);
        BranchRecord a = new BranchRecord(XID_A, BranchRecord.State.PREPARED, List.of(half("m1", 1200),
                half("m2", 1500)));
        first.write(a);
        first.write(new BranchRecord(XID_B, BranchRecord.State.PREPARED, List.of(half("m3", 1800))).committing());

        BranchLog second = BranchLog.open(dir);
        assertEquals(first.adapterId(), second.adapterId());
        assertEquals(a, second.get(XID_A).orElseThrow());
        assertEquals(BranchRecord.State.COMMITTING, second.get(XID_B).orElseThrow().state());
        assertEquals(XID_A, second.byMessageId("m2").orElseThrow().mark());
        assertNotEquals(BranchLog.open(dir.resolve("other")).adapterId(), first.adapterId(),
                "another adapter instance, another producer group");
    }

    @Test
    void shouldForgetARemovedBranchAcrossARestart() {
        BranchLog log = BranchLog.open(dir);
        log.write(new BranchRecord(XID_A, BranchRecord.State.PREPARED, List.of(half("m1", 100))));
        log.remove(XID_A);
        assertTrue(log.byMessageId("m1").isEmpty());
        assertTrue(BranchLog.open(dir).all().isEmpty());
    }

    @Test
    void shouldRecoverTornWritesAsNeverPreparedKeepingTheWholeRecords() throws IOException {
        BranchLog log = BranchLog.open(dir);
        log.write(new BranchRecord(XID_B, BranchRecord.State.PREPARED, List.of(half("kept", 4000))));
        byte[] whole = BranchLogFormat.encode(new BranchRecord(XID_A, BranchRecord.State.PREPARED,
                List.of(half("m1", 1200), half("m2", 1500))));
        Path file = dir.resolve(BranchLog.fileName(XID_A));
        for (int length = 0; length < whole.length; length++) {
            Files.write(file, Arrays.copyOf(whole, length));
            BranchLog reopened = BranchLog.open(dir);
            assertTrue(reopened.get(XID_A).isEmpty(), "a record cut at " + length + " bytes is not a branch");
            assertEquals(Set.of(XID_B), reopened.all().keySet(), "cut at " + length);
            assertTrue(Files.exists(file.resolveSibling(file.getFileName() + BranchLog.BAD)), "set aside");
            assertFalse(Files.exists(file));
        }
        byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertTrue(BranchLog.open(dir).get(XID_A).isEmpty(), "a corrupt record is not a branch");
    }

    @Test
    void shouldDeleteTheTemporaryFileOfAWriteACrashInterrupted() throws IOException {
        BranchLog.open(dir);
        Path temporary = dir.resolve(BranchLog.fileName(XID_A) + BranchLog.TEMPORARY);
        Files.write(temporary, new byte[]{0x43, 0x58});
        BranchLog reopened = BranchLog.open(dir);
        assertFalse(Files.exists(temporary));
        assertTrue(reopened.all().isEmpty());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("adapter-id"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void shouldAnswerCheckBacksFromTheLogAndTheRunningTransactions() {
        BranchLog log = BranchLog.open(dir);
        log.write(new BranchRecord(XID_A, BranchRecord.State.PREPARED, List.of(half("prepared", 100))));
        log.write(new BranchRecord(XID_B, BranchRecord.State.PREPARED, List.of(half("committing", 200)))
                .committing());
        CheckBackAnswers answers = new CheckBackAnswers(BranchLog.open(dir), Set.of("running"), Set.of());

        assertEquals(TransactionResolution.UNKNOWN, answers.answer("prepared"), "prepared, the outcome in doubt");
        assertEquals(TransactionResolution.COMMIT, answers.answer("committing"), "an earlier run's commit");
        assertEquals(TransactionResolution.UNKNOWN, answers.answer("running"), "a transaction still running");
        assertEquals(TransactionResolution.ROLLBACK, answers.answer("never-prepared"), "never prepared");
        assertEquals(TransactionResolution.ROLLBACK, answers.answer(null));
        assertEquals(TransactionResolution.UNKNOWN, new CheckBackAnswers(BranchLog.open(dir), Set.of(), Set.of(XID_B))
                .answer("committing"), "the commit under way in this run: its outcome is awaited");

        log.remove(XID_A);
        assertEquals(TransactionResolution.ROLLBACK,
                new CheckBackAnswers(BranchLog.open(dir), Set.of(), Set.of()).answer("prepared"), "rolled back and removed");
    }
}
