package io.capsulemq.broker.namesrv.wire;

/** One broker's queues of a topic, as a route carries them (RocketMQ's QueueData). */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
    public QueueData withPerm(int newPerm) {
        return new QueueData(brokerName, readQueueNums, writeQueueNums, newPerm, topicSysFlag);
    }
}
