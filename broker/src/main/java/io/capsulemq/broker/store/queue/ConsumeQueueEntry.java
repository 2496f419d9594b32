package io.capsulemq.broker.store.queue;

/**
 * One consume queue entry: where the message at {@code queueOffset} sits in the commit log, how long it is,
 * and the hash of its tags used for server-side filtering.
 */
public record ConsumeQueueEntry(long queueOffset, long commitLogOffset, int size, long tagsCode) {
}
