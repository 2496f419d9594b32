package io.capsulemq.broker.server.body;

import java.util.Set;

/** Consumer group names (RocketMQ's {@code GroupList}). */
public record GroupListBody(Set<String> groupList) {
}
