package io.capsulemq.broker.engine.timer;

/**
 * What the timer has done since it opened, and what waits.
 *
 * @param pending      timed messages waiting
 * @param fired        messages delivered since open
 * @param deduplicated entries found already delivered before a crash, and not delivered again
 * @param dropped      entries that could not be delivered: their timer record is gone or malformed
 * @param readOffset   the next timer queue offset to schedule
 */
public record TimerStats(long pending, long fired, long deduplicated, long dropped, long readOffset) {
}
