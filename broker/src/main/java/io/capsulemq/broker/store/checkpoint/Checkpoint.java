package io.capsulemq.broker.store.checkpoint;

/**
 * The durable points recovery starts from: every commit log byte before {@code commitLogFlushed} was forced, and
 * every record before {@code dispatched} has its consume queue and index entries forced too.
 */
public record Checkpoint(long commitLogFlushed, long dispatched, long timestamp) {
    public static final Checkpoint EMPTY = new Checkpoint(0, 0, 0);
}
