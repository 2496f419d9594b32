package io.capsulemq.broker.engine.timer;

/**
 * One record of the timer log, as {@link TimerLogDescriptor} lays it out.
 *
 * @param kind            SEGMENT_START, SCHEDULE, ROLL or SLOT_DONE
 * @param position        where it lies in the timer log
 * @param slotTime        the wheel time of its slot
 * @param previous        the slot chain's previous entry (entries only; 0 for none)
 * @param commitLogOffset the timer record in the commit log (entries only)
 * @param queueOffset     the timer record in the timer topic's queue (entries only)
 * @param dueMillis       when the entry is due (entries only)
 * @param count           entries: the chain's length up to this one; SLOT_DONE: entries the slot held
 * @param recordSize      the timer record's size in the commit log (entries only)
 */
record TimerRecord(int kind, long position, long slotTime, long previous, long commitLogOffset, long queueOffset,
                   long dueMillis, int count, int recordSize) {

    boolean isEntry() {
        return TimerLogDescriptor.isEntry(kind);
    }
}
