package io.capsulemq.rar.outbound;

/** A half message the broker holds for a branch: ended by its commit log offset. */
record Half(long commitLogOffset, String messageId, String topic) {
}
