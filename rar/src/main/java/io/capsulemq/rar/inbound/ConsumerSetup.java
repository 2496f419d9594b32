package io.capsulemq.rar.inbound;

import java.util.Set;

/**
 * Sets up, before an MDB's consumer starts, what its activation spec says of its consumer group (in RocketMQ 5 a
 * group's delivery behaviour is the group's, not each consumer's) and, where needed, its topics.
 */
interface ConsumerSetup {
    void prepare(ActivationSettings settings, Set<String> topics);
}
