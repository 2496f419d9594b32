package io.capsulemq.broker.engine.admin;

/**
 * One queue as a consumer group sees it: the group's committed offset, the queue's bounds, and the lag (messages
 * stored but not yet consumed by the group).
 */
public record QueueProgress(String topic, int queueId, long committedOffset, long minOffset, long maxOffset) {
    public long lag() {
        return Math.max(0, maxOffset - Math.max(committedOffset, minOffset));
    }
}
