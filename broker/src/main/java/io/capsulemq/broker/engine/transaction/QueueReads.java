package io.capsulemq.broker.engine.transaction;

import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.GetStatus;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.MessageStore;
import io.capsulemq.broker.store.StoredMessage;

import java.util.Optional;

/** Reads one message by its queue offset in queue 0 of one of the broker's transaction topics. */
final class QueueReads {
    private QueueReads() {
    }

    /**
     * The message at exactly {@code queueOffset}; empty when it cannot be read. (A read from an offset skips
     * unreadable records, so the offset of what came back is checked.)
     */
    static Optional<StoredMessage> at(MessageStore store, String topic, long queueOffset) {
        GetResult got = store.get(topic, 0, queueOffset, 1, MessageFilter.ALL);
        if (got.status() != GetStatus.FOUND || got.messages().isEmpty()) {
            return Optional.empty();
        }
        StoredMessage message = got.messages().get(0);
        return message.queueOffset() == queueOffset ? Optional.of(message) : Optional.empty();
    }
}
