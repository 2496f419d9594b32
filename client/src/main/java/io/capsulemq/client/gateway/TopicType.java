package io.capsulemq.client.gateway;

/** The kind of message a topic takes, as RocketMQ 5 types topics; UNSPECIFIED for one not created yet. */
public enum TopicType {
    NORMAL, FIFO, DELAY, TRANSACTION, MIXED, UNSPECIFIED
}
