package io.capsulemq.broker.store.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path dir;

    private void flipByteAt(long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("checkpoint").toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x7F);
        }
    }

    @Test
    void shouldReadTheNewestCheckpointWritten() throws IOException {
        try (CheckpointFile file = CheckpointFile.open(dir)) {
            assertEquals(Checkpoint.EMPTY, file.last());
            file.write(new Checkpoint(100, 90, 5));
            file.write(new Checkpoint(200, 180, 6));
            file.write(new Checkpoint(300, 270, 7));
        }
        try (CheckpointFile file = CheckpointFile.open(dir)) {
            assertEquals(new Checkpoint(300, 270, 7), file.last());
        }
    }

    @Test
    void shouldFallBackToThePreviousCheckpointWhenTheNewestSlotIsTorn() throws IOException {
        try (CheckpointFile file = CheckpointFile.open(dir)) {
            file.write(new Checkpoint(100, 90, 5));   // sequence 1: second slot
            file.write(new Checkpoint(200, 180, 6));  // sequence 2: first slot
        }
        flipByteAt(20); // inside the first slot, the newest
        try (CheckpointFile file = CheckpointFile.open(dir)) {
            assertEquals(new Checkpoint(100, 90, 5), file.last());
            file.write(new Checkpoint(300, 270, 8));
        }
        try (CheckpointFile file = CheckpointFile.open(dir)) {
            assertEquals(new Checkpoint(300, 270, 8), file.last());
        }
    }

    @Test
    void shouldRefuseACheckpointWithNoIntactSlotNamingTheFile() throws IOException {
        try (CheckpointFile file = CheckpointFile.open(dir)) {
            file.write(new Checkpoint(100, 90, 5));
            file.write(new Checkpoint(200, 180, 6));
        }
        flipByteAt(20);
        flipByteAt(512 + 20);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.open(dir));
        assertTrue(e.getMessage().contains("checkpoint") && e.getMessage().contains("no intact slot"), e.getMessage());
    }

    @Test
    void shouldTellACrashFromACleanShutdown() throws IOException {
        try (StoreLock first = StoreLock.acquire(dir)) {
            assertTrue(first.previousShutdownClean(), "a new store counts as clean");
            // closed without releaseClean: as if the process died
        }
        StoreLock second = StoreLock.acquire(dir);
        assertFalse(second.previousShutdownClean());
        second.releaseClean();
        try (StoreLock third = StoreLock.acquire(dir)) {
            assertTrue(third.previousShutdownClean());
        }
    }

    @Test
    void shouldRefuseASecondHolder() throws IOException {
        try (StoreLock held = StoreLock.acquire(dir)) {
            IOException e = assertThrows(IOException.class, () -> StoreLock.acquire(dir));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }
}
