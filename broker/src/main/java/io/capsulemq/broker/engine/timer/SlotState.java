package io.capsulemq.broker.engine.timer;

/**
 * One wheel slot: the chain of entries of wheel time {@code slotTime}, newest first from {@code head}, and the
 * timer log position of the last record that changed the slot.
 */
record SlotState(long slotTime, long head, int count, long lastPosition) {
    static final SlotState EMPTY = new SlotState(0, TimerLogDescriptor.NO_RECORD, 0, 0);

    /** Whether the slot holds entries of wheel time {@code time}. */
    boolean holds(long time) {
        return slotTime == time && head != TimerLogDescriptor.NO_RECORD;
    }

    boolean isEmpty() {
        return head == TimerLogDescriptor.NO_RECORD;
    }
}
