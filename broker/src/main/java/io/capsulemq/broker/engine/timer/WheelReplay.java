package io.capsulemq.broker.engine.timer;

import java.io.IOException;

import static io.capsulemq.broker.engine.timer.TimerLogDescriptor.*;

/**
 * Brings the wheel file up to date with the timer log after the timer stopped, cleanly or not.
 *
 * <p>What is on disk after a crash: the checkpoint says log and wheel were forced up to its log end {@code L}.
 * Records after {@code L} may be there or not (a crash of the process keeps them, a crash of the machine may keep
 * any of them), but the scan takes only the intact prefix, each record checked by CRC and by its own position. The
 * wheel file may be newer than the checkpoint (a crash between writing the wheel and the checkpoint) or, slot by
 * slot, anywhere between; it never names a record that was not forced first. Each slot remembers the position of
 * the last record applied to it, so applying the records after {@code L} in order, skipping those a slot has
 * already seen, gives every slot the state the log describes, however far the file had got.
 *
 * <p>A slot's firing appends its {@code ROLL}s and then its {@code SLOT_DONE}, with no checkpoint in between. A log
 * that ends in {@code ROLL}s without their {@code SLOT_DONE} is cut back before them: that slot is not done, and
 * firing it again moves its far entries again.
 */
final class WheelReplay {
    private final TimerLog log;
    private final TimingWheel wheel;
    private final int maxChangedSlots;
    private long readOffset;
    private long firedSlot;
    private long pending;
    private long rollRunStart = -1;

    private WheelReplay(TimerLog log, TimingWheel wheel, TimerCheckpoint from, int maxChangedSlots) {
        this.log = log;
        this.wheel = wheel;
        this.maxChangedSlots = maxChangedSlots;
        this.readOffset = from.readOffset();
        this.firedSlot = from.firedSlot();
        this.pending = from.pending();
    }

    /**
     * Replays the log after {@code checkpoint} into the wheel, cuts the log where its intact, complete part ends
     * and returns the state that results (not yet written as a checkpoint).
     */
    static TimerCheckpoint replay(TimerLog log, TimingWheel wheel, TimerCheckpoint checkpoint, int maxChangedSlots)
            throws IOException {
        WheelReplay replay = new WheelReplay(log, wheel, checkpoint, maxChangedSlots);
        long intactEnd = log.scan(checkpoint.logEnd(), replay::noteRolls);
        long end = replay.rollRunStart >= 0 ? replay.rollRunStart : intactEnd;
        log.truncate(end);
        log.force();
        log.scan(checkpoint.logEnd(), replay::apply);
        wheel.flush();
        return new TimerCheckpoint(replay.readOffset, end, replay.firedSlot, checkpoint.fireHorizon(), replay.pending,
                checkpoint.timestamp());
    }

    private void noteRolls(TimerRecord r) {
        if (r.kind() == ROLL) {
            if (rollRunStart < 0) {
                rollRunStart = r.position();
            }
        } else {
            rollRunStart = -1;
        }
    }

    private void apply(TimerRecord r) {
        int index = wheel.index(r.slotTime());
        boolean unseen = wheel.get(index).lastPosition() < r.position();
        switch (r.kind()) {
            case SCHEDULE, ROLL -> {
                if (r.kind() == SCHEDULE) {
                    readOffset = Math.max(readOffset, r.queueOffset() + 1);
                }
                pending++;
                if (unseen) {
                    wheel.set(index, new SlotState(r.slotTime(), r.position(), r.count(), r.position()));
                }
            }
            case SLOT_DONE -> {
                firedSlot = Math.max(firedSlot, r.slotTime() + 1);
                pending -= r.count();
                if (unseen) {
                    wheel.set(index, new SlotState(0, NO_RECORD, 0, r.position()));
                }
            }
            default -> throw new IllegalStateException("unexpected timer log record " + r);
        }
        if (wheel.changedSlots() >= maxChangedSlots) {
            wheel.flush(); // safe: the log was forced up to its end above
        }
    }
}
