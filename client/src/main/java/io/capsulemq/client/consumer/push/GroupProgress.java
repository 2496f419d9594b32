package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.QueueRef;

import java.util.OptionalLong;

/**
 * A clustering group's positions: committed on the broker and shared by the members, so that the one who takes a
 * queue over goes on where the last one stopped, and the group resumes there after any restart.
 */
final class GroupProgress implements Progress {
    private final BrokerGateway gateway;
    private final String group;

    GroupProgress(BrokerGateway gateway, String group) {
        this.gateway = gateway;
        this.group = group;
    }

    @Override
    public OptionalLong position(QueueRef queue) {
        OptionalLong committed = gateway.committedOffset(group, queue);
        return committed.isPresent() && committed.getAsLong() >= 0 ? committed : OptionalLong.empty();
    }

    @Override
    public void save(QueueRef queue, long offset) {
        gateway.commitOffset(group, queue, offset);
    }
}
