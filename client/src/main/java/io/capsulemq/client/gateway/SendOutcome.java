package io.capsulemq.client.gateway;

import java.util.List;

/**
 * Where accepted messages went.
 *
 * @param messageIds      each message's unique id (UNIQ_KEY)
 * @param queueOffset     the first message's queue offset (of the broker's own topic for timed and half messages)
 * @param commitLogOffset the first message's commit log offset: a half message is ended by it
 */
public record SendOutcome(List<String> messageIds, String topic, int queueId, long queueOffset,
                          long commitLogOffset) {
    public SendOutcome {
        messageIds = List.copyOf(messageIds);
    }

    public String messageId() {
        return messageIds.get(0);
    }
}
