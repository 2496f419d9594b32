package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.QueueRef;

import java.util.OptionalLong;

/**
 * Where a push consumer resumes on a queue: the group's position in clustering ({@link GroupProgress}), the
 * member's own in broadcasting ({@link MemberProgress}).
 */
interface Progress {
    /** The position saved for a queue, if any. */
    OptionalLong position(QueueRef queue);

    void save(QueueRef queue, long offset);
}
