package io.capsulemq.broker.engine.admin;

import java.util.List;

/** A consumer group for operators: its live members and its progress on every queue it consumes. */
public record GroupView(String group, List<String> members, List<QueueProgress> queues) {
    public long totalLag() {
        return queues.stream().mapToLong(QueueProgress::lag).sum();
    }
}
