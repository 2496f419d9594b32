package io.capsulemq.broker.engine.timer;

/**
 * The timer's durable point.
 *
 * @param readOffset  the next timer queue offset to schedule: every earlier one is in the log (or was skipped)
 * @param logEnd      the timer log and the wheel were forced with everything before this log position
 * @param firedSlot   every slot of an earlier wheel time is done: its due entries fired, the others moved on
 * @param fireHorizon written before any slot at or above it is fired from: no message of such a slot was fired
 * @param pending     entries waiting in the wheel at {@code logEnd}
 * @param timestamp   wall clock when written
 */
record TimerCheckpoint(long readOffset, long logEnd, long firedSlot, long fireHorizon, long pending,
                       long timestamp) {
}
