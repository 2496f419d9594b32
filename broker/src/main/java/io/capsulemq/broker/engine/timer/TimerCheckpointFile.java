package io.capsulemq.broker.engine.timer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.capsulemq.broker.engine.timer.TimerCheckpointDescriptor.*;

/**
 * The timer checkpoint on disk: two slots written alternately in place and forced, so a write torn by a crash
 * leaves the previous checkpoint readable in the other slot.
 */
final class TimerCheckpointFile implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT_LENGTH);
    private long sequence;
    private TimerCheckpoint last;

    private TimerCheckpointFile(Path file, FileChannel channel, long sequence, TimerCheckpoint last) {
        this.file = file;
        this.channel = channel;
        this.sequence = sequence;
        this.last = last;
    }

    /** Opens (creating) the checkpoint in {@code dir}; refuses, naming the file, when neither slot is intact. */
    static TimerCheckpointFile open(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        boolean existed = Files.exists(file) && Files.size(file) > 0;
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (!existed) {
                return new TimerCheckpointFile(file, channel, 0, null);
            }
            long[] sequences = new long[2];
            TimerCheckpoint[] found = new TimerCheckpoint[2];
            for (int i = 0; i < 2; i++) {
                found[i] = readSlot(channel, i, sequences, i);
            }
            int newest = found[0] == null ? 1 : found[1] == null ? 0 : sequences[0] >= sequences[1] ? 0 : 1;
            if (found[newest] == null) {
                throw new IOException("timer checkpoint " + file + " has no intact slot");
            }
            return new TimerCheckpointFile(file, channel, sequences[newest], found[newest]);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The newest checkpoint, or null for a timer that never wrote one. */
    TimerCheckpoint last() {
        return last;
    }

    /** Writes {@code checkpoint} over the older slot and forces it. */
    void write(TimerCheckpoint checkpoint) throws IOException {
        long next = sequence + 1;
        slot.clear();
        slot.putInt(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION).putLong(SEQUENCE_OFFSET, next)
                .putLong(READ_OFFSET_OFFSET, checkpoint.readOffset())
                .putLong(LOG_END_OFFSET, checkpoint.logEnd())
                .putLong(FIRED_SLOT_OFFSET, checkpoint.firedSlot())
                .putLong(FIRE_HORIZON_OFFSET, checkpoint.fireHorizon())
                .putLong(PENDING_OFFSET, checkpoint.pending())
                .putLong(TIMESTAMP_OFFSET, checkpoint.timestamp());
        slot.putInt(CRC_OFFSET, crc(slot));
        long at = (next % 2) * SLOT_STRIDE;
        while (slot.hasRemaining()) {
            at += channel.write(slot, at);
        }
        channel.force(false);
        sequence = next;
        last = checkpoint;
    }

    private static TimerCheckpoint readSlot(FileChannel channel, int index, long[] sequences, int into)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SLOT_LENGTH);
        long at = (long) index * SLOT_STRIDE;
        while (buf.hasRemaining()) {
            if (channel.read(buf, at + buf.position()) < 0) {
                return null;
            }
        }
        if (buf.getInt(MAGIC_OFFSET) != MAGIC || buf.getInt(VERSION_OFFSET) != VERSION
                || buf.getInt(CRC_OFFSET) != crc(buf)) {
            return null;
        }
        sequences[into] = buf.getLong(SEQUENCE_OFFSET);
        return new TimerCheckpoint(buf.getLong(READ_OFFSET_OFFSET), buf.getLong(LOG_END_OFFSET),
                buf.getLong(FIRED_SLOT_OFFSET), buf.getLong(FIRE_HORIZON_OFFSET), buf.getLong(PENDING_OFFSET),
                buf.getLong(TIMESTAMP_OFFSET));
    }

    private static int crc(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(CRC_OFFSET));
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
