package io.capsulemq.broker.store.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadWhatWasWrittenAndReplaceItWhole() throws IOException {
        assertEquals(Checkpoint.EMPTY, Checkpoint.read(dir));
        new Checkpoint(100, 90, 5).write(dir);
        new Checkpoint(200, 180, 6).write(dir);
        assertEquals(new Checkpoint(200, 180, 6), Checkpoint.read(dir));
        assertFalse(Files.exists(dir.resolve("checkpoint.tmp")));
    }

    @Test
    void shouldRefuseADamagedCheckpointNamingTheFile() throws IOException {
        new Checkpoint(100, 90, 5).write(dir);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("checkpoint").toFile(), "rw")) {
            f.seek(10);
            f.write(0x7F);
        }
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().contains("checkpoint") && e.getMessage().contains("CRC"), e.getMessage());
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
