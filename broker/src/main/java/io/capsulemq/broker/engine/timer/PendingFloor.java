package io.capsulemq.broker.engine.timer;

import java.util.Arrays;

/**
 * A lower bound, kept in memory, of the commit log offsets that the wheel's pending entries name: what the store
 * must keep for the timer.
 *
 * <p>Wheel times are grouped in blocks of consecutive slots; each block keeps the lowest offset of any entry added
 * to one of its slots, and is dropped once the timer has fired past its last slot. Pending entries lie in
 * {@code [firedSlot, firedSlot + slots)}, which touches no more blocks than there are cells, so a block still in use
 * never shares its cell with another. An entry that fired (or moved on, its {@code ROLL} adding the same offset to a later
 * block) keeps its block's bound until the block is passed: the bound trails the true lowest offset by at most one
 * block, {@value #BLOCKS_PER_WHEEL}th of the wheel's span. Grouping by log position instead would not do: the log
 * segment being written mixes entries that fired long ago with those still pending, and lives on.
 *
 * <p>Memory is fixed by the wheel's size, not by what is pending. Not thread-safe: the wheel's owner uses it.
 */
final class PendingFloor {
    static final int BLOCKS_PER_WHEEL = 1024;
    private static final long NO_BLOCK = Long.MIN_VALUE;

    private final long slotsPerBlock;
    /** Which block each cell holds (NO_BLOCK, below any: none), and the lowest offset added to it. */
    private final long[] blocks;
    private final long[] lowest;

    PendingFloor(int wheelSlots) {
        this.slotsPerBlock = Math.max(1, (wheelSlots + BLOCKS_PER_WHEEL - 1) / BLOCKS_PER_WHEEL);
        int cells = (int) ((wheelSlots + slotsPerBlock - 1) / slotsPerBlock) + 1;
        this.blocks = new long[cells];
        this.lowest = new long[cells];
        Arrays.fill(blocks, NO_BLOCK);
        Arrays.fill(lowest, Long.MAX_VALUE);
    }

    /** Notes an entry of wheel time {@code slotTime} naming {@code commitLogOffset}. */
    void add(long slotTime, long commitLogOffset, long firedSlot) {
        long block = Math.floorDiv(slotTime, slotsPerBlock);
        int cell = (int) Math.floorMod(block, (long) blocks.length);
        if (blocks[cell] != block && blocks[cell] < firstLiveBlock(firedSlot)) {
            blocks[cell] = block;
            lowest[cell] = commitLogOffset;
            return;
        }
        // The block itself, or (should the wheel's span ever be exceeded) a live one it must not wipe out: merge,
        // keeping the later block so that the merged bound is held the longer.
        blocks[cell] = Math.max(blocks[cell], block);
        lowest[cell] = Math.min(lowest[cell], commitLogOffset);
    }

    /** The lowest offset of the blocks not yet passed; {@link Long#MAX_VALUE} when none holds any. */
    long lowest(long firedSlot) {
        long first = firstLiveBlock(firedSlot);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] != NO_BLOCK && blocks[i] >= first) {
                min = Math.min(min, lowest[i]);
            }
        }
        return min;
    }

    private long firstLiveBlock(long firedSlot) {
        return Math.floorDiv(firedSlot, slotsPerBlock);
    }
}
