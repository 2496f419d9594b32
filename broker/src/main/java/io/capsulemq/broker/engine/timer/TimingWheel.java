package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.file.ZeroFill;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import static io.capsulemq.broker.engine.timer.WheelDescriptor.*;

/**
 * The wheel file: one memory-mapped slot per wheel slot (see {@link WheelDescriptor}). Changes are kept aside
 * until {@link #flush}, which the owner calls only after forcing the timer log: so the file never names a log
 * record that might not be on disk, and recovery can rebuild every later change from the log. What is kept aside
 * is bounded by the wheel's size, never by the number of pending entries. Not thread-safe: one owner.
 */
final class TimingWheel implements AutoCloseable {
    private final Path file;
    private final MappedByteBuffer buffer;
    private final int slots;
    private final Map<Integer, SlotState> changed = new HashMap<>();

    private TimingWheel(Path file, MappedByteBuffer buffer, int slots) {
        this.file = file;
        this.buffer = buffer;
        this.slots = slots;
    }

    /**
     * Opens the wheel in {@code dir}, creating it empty; refuses one made with another geometry, since every entry
     * in it would sit in the wrong slot.
     */
    static TimingWheel open(Path dir, int slots, long precisionMillis) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        long size = fileSize(slots);
        if (!Files.exists(file)) {
            create(file, size, slots, precisionMillis);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() != size) {
                throw new IOException("wheel " + file + " has " + channel.size() + " bytes; a wheel of " + slots
                        + " slots has " + size + " (were wheelSlots or precision changed?)");
            }
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (buffer.getInt(MAGIC_OFFSET) != MAGIC || buffer.getInt(VERSION_OFFSET) != VERSION
                    || buffer.getInt(SLOT_COUNT_OFFSET) != slots
                    || buffer.getLong(PRECISION_OFFSET) != precisionMillis) {
                throw new IOException("wheel " + file + " was made for " + buffer.getInt(SLOT_COUNT_OFFSET)
                        + " slots of " + buffer.getLong(PRECISION_OFFSET) + " ms, not " + slots + " of "
                        + precisionMillis + " ms (or is damaged)");
            }
            return new TimingWheel(file, buffer, slots);
        }
    }

    /** Builds the file under a temporary name and renames it when complete, so no half-made wheel is ever opened. */
    private static void create(Path file, long size, int slots, long precisionMillis) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ZeroFill.write(channel, 0, size);
            MappedByteBuffer header = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_SIZE);
            header.putInt(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION).putInt(SLOT_COUNT_OFFSET, slots)
                    .putLong(PRECISION_OFFSET, precisionMillis);
            header.force();
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // Not every platform can force a directory.
        }
    }

    int slots() {
        return slots;
    }

    /** The slot that wheel time {@code slotTime} uses. */
    int index(long slotTime) {
        return (int) Math.floorMod(slotTime, (long) slots);
    }

    SlotState get(int index) {
        SlotState kept = changed.get(index);
        if (kept != null) {
            return kept;
        }
        int at = slotPosition(index);
        return new SlotState(buffer.getLong(at + SLOT_TIME_OFFSET), buffer.getLong(at + HEAD_OFFSET),
                buffer.getInt(at + COUNT_OFFSET), buffer.getLong(at + LAST_POSITION_OFFSET));
    }

    void set(int index, SlotState state) {
        changed.put(index, state);
    }

    /** Slots changed since the last flush. */
    int changedSlots() {
        return changed.size();
    }

    /**
     * Writes the changed slots into the file and forces it. Callers force the timer log first. Each slot's last
     * position is written last, so a slot torn by a crash shows an older position and is rebuilt from the log.
     */
    void flush() {
        if (changed.isEmpty()) {
            return;
        }
        for (Map.Entry<Integer, SlotState> e : changed.entrySet()) {
            int at = slotPosition(e.getKey());
            SlotState s = e.getValue();
            buffer.putLong(at + SLOT_TIME_OFFSET, s.slotTime());
            buffer.putLong(at + HEAD_OFFSET, s.head());
            buffer.putInt(at + COUNT_OFFSET, s.count());
            buffer.putLong(at + LAST_POSITION_OFFSET, s.lastPosition());
        }
        buffer.force();
        changed.clear();
    }

    /** Drops changes not flushed: the timer log holds them, and recovery applies them again. */
    @Override
    public void close() {
        changed.clear();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
