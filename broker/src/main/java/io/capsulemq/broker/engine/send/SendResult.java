package io.capsulemq.broker.engine.send;

import io.capsulemq.broker.store.PutStatus;

import java.util.List;

/**
 * What a producer learns of an accepted send: its status (written, or written but not flushed in time), the
 * messages' unique ids and offset ids, and where they went.
 *
 * @param messageIds      each message's unique id (UNIQ_KEY), the id applications see
 * @param offsetMessageIds each message's offset id (store host and commit log offset)
 * @param queueOffset     the first message's offset in its queue; for a timed or half message, in the broker's own
 *                        topic that holds it until it is due or committed
 * @param commitLogOffset the first message's commit log offset (a half message is resolved by it)
 */
public record SendResult(PutStatus status, String topic, int queueId, long queueOffset, long commitLogOffset,
                         List<String> messageIds, List<String> offsetMessageIds) {
    public String messageId() {
        return messageIds.get(0);
    }

    public String offsetMessageId() {
        return offsetMessageIds.get(0);
    }
}
