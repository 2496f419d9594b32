package io.capsulemq.broker.engine.group;

/** Where a group with no committed offset on a queue starts: the newest end, the oldest end, or a point in time. */
public enum ConsumeFrom {
    LAST_OFFSET, FIRST_OFFSET, TIMESTAMP
}
