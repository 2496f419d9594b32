package io.capsulemq.broker.store.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The checkpoint on disk: one file with two slots in separate sectors, written alternately in place and forced.
 * A write torn by a crash can only damage the slot being written; the other still holds the previous
 * checkpoint, and reading takes the intact slot with the higher sequence number. Writing in place changes no
 * file system metadata, so the once-a-second checkpoint costs one small data write and one fdatasync.
 */
public final class CheckpointFile implements AutoCloseable {
    static final String FILE_NAME = "checkpoint";
    private static final int MAGIC = 0xCA95_C4EC;
    private static final int VERSION = 2;
    /** Each slot starts a 512-byte sector, the unit a disk writes whole. */
    private static final int SLOT_STRIDE = 512;
    // Slot layout: magic, version, sequence, commit log flushed, dispatched, timestamp, crc of what precedes it.
    private static final int MAGIC_AT = 0;
    private static final int VERSION_AT = 4;
    private static final int SEQUENCE_AT = 8;
    private static final int FLUSHED_AT = 16;
    private static final int DISPATCHED_AT = 24;
    private static final int TIMESTAMP_AT = 32;
    private static final int CRC_AT = 40;
    private static final int SLOT_LENGTH = 44;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocateDirect(SLOT_LENGTH);
    private long sequence;
    private Checkpoint last;

    private CheckpointFile(Path file, FileChannel channel, long sequence, Checkpoint last) {
        this.file = file;
        this.channel = channel;
        this.sequence = sequence;
        this.last = last;
    }

    /** Opens (creating) the checkpoint in {@code dir}; refuses, naming the file, when neither slot is intact. */
    public static CheckpointFile open(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        boolean existed = Files.exists(file) && Files.size(file) > 0;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (!existed) {
                return new CheckpointFile(file, channel, 0, Checkpoint.EMPTY);
            }
            Slot a = readSlot(channel, 0);
            Slot b = readSlot(channel, 1);
            Slot newest = a == null ? b : b == null ? a : a.sequence >= b.sequence ? a : b;
            if (newest == null) {
                throw new IOException("checkpoint " + file + " has no intact slot (both fail their CRC or magic)");
            }
            return new CheckpointFile(file, channel, newest.sequence, newest.checkpoint);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The newest checkpoint written (EMPTY for a new store). */
    public Checkpoint last() {
        return last;
    }

    /** Writes {@code checkpoint} over the older slot and forces it. */
    public synchronized void write(Checkpoint checkpoint) throws IOException {
        long next = sequence + 1;
        slot.clear();
        slot.putInt(MAGIC_AT, MAGIC).putInt(VERSION_AT, VERSION).putLong(SEQUENCE_AT, next)
                .putLong(FLUSHED_AT, checkpoint.commitLogFlushed()).putLong(DISPATCHED_AT, checkpoint.dispatched())
                .putLong(TIMESTAMP_AT, checkpoint.timestamp());
        slot.putInt(CRC_AT, crc(slot));
        long at = (next % 2) * SLOT_STRIDE;
        while (slot.hasRemaining()) {
            at += channel.write(slot, at);
        }
        channel.force(false);
        sequence = next;
        last = checkpoint;
    }

    private static Slot readSlot(FileChannel channel, int index) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SLOT_LENGTH);
        long at = (long) index * SLOT_STRIDE;
        while (buf.hasRemaining()) {
            if (channel.read(buf, at + buf.position()) < 0) {
                return null;
            }
        }
        if (buf.getInt(MAGIC_AT) != MAGIC || buf.getInt(VERSION_AT) != VERSION || buf.getInt(CRC_AT) != crc(buf)) {
            return null;
        }
        return new Slot(buf.getLong(SEQUENCE_AT), new Checkpoint(buf.getLong(FLUSHED_AT),
                buf.getLong(DISPATCHED_AT), buf.getLong(TIMESTAMP_AT)));
    }

    private static int crc(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(CRC_AT));
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private record Slot(long sequence, Checkpoint checkpoint) {
    }
}
