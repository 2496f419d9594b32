package io.capsulemq.broker.engine.pop;

/** One queue as one consumer group pops it. */
record QueueKey(String group, String topic, int queueId) {
    @Override
    public String toString() {
        return group + "@" + topic + "#" + queueId;
    }
}
