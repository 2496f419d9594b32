package io.capsulemq.broker.server.body;

import java.util.List;

/** The queues a lock request now holds (RocketMQ's {@code LockBatchResponseBody}). */
public record LockBatchResultBody(List<MessageQueueData> lockOKMQSet) {
}
