package io.capsulemq.broker.engine.pop;

import java.time.Instant;

/**
 * A message a group popped and has not acknowledged yet, for operators.
 *
 * @param deliveryAttempt how often it was handed out so far (0 if the one delivery could not be recorded)
 * @param visibleAt       when it becomes visible to the group again unless acknowledged or changed first
 * @param fifo            whether it was last handed out by a FIFO pop, which holds back the rest of its queue
 * @param deadLettering   whether it is being moved to the group's dead-letter topic right now
 */
public record InFlightMessage(String topic, int queueId, long queueOffset, long commitLogOffset,
                              int deliveryAttempt, Instant visibleAt, boolean fifo, boolean deadLettering) {
}
