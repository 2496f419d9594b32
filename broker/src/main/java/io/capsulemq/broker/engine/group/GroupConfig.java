package io.capsulemq.broker.engine.group;

import io.capsulemq.broker.engine.client.MessageModel;

/**
 * A consumer group's settings (RocketMQ's subscription group config). As in RocketMQ 5, delivery behaviour is the
 * group's, set by the operator, not each client's: whether messages go to one member (clustering) or to every
 * member (broadcasting), whether each queue is consumed in order, how often a failed message is retried before it
 * goes to the dead-letter queue, and where the group starts on a queue it has no offset for.
 *
 * @param consumeTimestamp with {@link ConsumeFrom#TIMESTAMP}, the epoch millis to start from
 */
public record GroupConfig(String groupName, boolean consumeEnable, MessageModel messageModel, int retryMaxTimes,
                          boolean consumeMessageOrderly, ConsumeFrom consumeFrom, long consumeTimestamp) {
    public static final int DEFAULT_RETRY_MAX_TIMES = 16;

    public GroupConfig {
        if (groupName == null || groupName.isBlank()) {
            throw new IllegalArgumentException("consumer group name is empty");
        }
        if (retryMaxTimes < 0) {
            throw new IllegalArgumentException("retryMaxTimes of group " + groupName + " is negative: "
                    + retryMaxTimes);
        }
        // Files written before a setting existed read it as null.
        messageModel = messageModel == null ? MessageModel.CLUSTERING : messageModel;
        consumeFrom = consumeFrom == null ? ConsumeFrom.LAST_OFFSET : consumeFrom;
    }

    public static GroupConfig defaults(String group) {
        return new GroupConfig(group, true, MessageModel.CLUSTERING, DEFAULT_RETRY_MAX_TIMES, false,
                ConsumeFrom.LAST_OFFSET, 0);
    }

    public GroupConfig withRetryMaxTimes(int times) {
        return new GroupConfig(groupName, consumeEnable, messageModel, times, consumeMessageOrderly, consumeFrom,
                consumeTimestamp);
    }

    public GroupConfig withOrderly(boolean orderly) {
        return new GroupConfig(groupName, consumeEnable, messageModel, retryMaxTimes, orderly, consumeFrom,
                consumeTimestamp);
    }

    public GroupConfig withMessageModel(MessageModel model) {
        return new GroupConfig(groupName, consumeEnable, model, retryMaxTimes, consumeMessageOrderly, consumeFrom,
                consumeTimestamp);
    }

    public GroupConfig withConsumeFrom(ConsumeFrom from, long timestampMillis) {
        return new GroupConfig(groupName, consumeEnable, messageModel, retryMaxTimes, consumeMessageOrderly, from,
                timestampMillis);
    }
}
