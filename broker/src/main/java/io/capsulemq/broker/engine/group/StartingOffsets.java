package io.capsulemq.broker.engine.group;

import io.capsulemq.broker.store.MessageStore;

/** Where a group starts on a queue it has no committed offset for, as its config says. */
public final class StartingOffsets {
    private StartingOffsets() {
    }

    public static long of(GroupConfig group, MessageStore store, String topic, int queueId) {
        return switch (group.consumeFrom()) {
            case LAST_OFFSET -> store.maxOffset(topic, queueId);
            case FIRST_OFFSET -> store.minOffset(topic, queueId);
            case TIMESTAMP -> store.offsetByTimestamp(topic, queueId, group.consumeTimestamp());
        };
    }
}
