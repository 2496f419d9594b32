package io.capsulemq.broker.engine.client;

/** How a consumer takes messages: it pulls them itself, is pushed to, or pops them (RocketMQ 5's simple consumer). */
public enum ConsumeType {
    PULL, PUSH, POP
}
