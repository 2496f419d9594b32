package io.capsulemq.broker.server.body;

import java.util.List;

/** A lock or unlock of queues for an ordered consumer (RocketMQ's {@code LockBatchRequestBody}). */
public record LockBatchBody(String consumerGroup, String clientId, boolean onlyThisBroker,
                            List<MessageQueueData> mqSet) {
    public LockBatchBody {
        mqSet = mqSet == null ? List.of() : mqSet;
    }
}
