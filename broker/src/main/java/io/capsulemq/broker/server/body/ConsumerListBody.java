package io.capsulemq.broker.server.body;

import java.util.List;

/** The client ids of a consumer group's members (RocketMQ's {@code GetConsumerListByGroupResponseBody}). */
public record ConsumerListBody(List<String> consumerIdList) {
}
