package io.capsulemq.client.gateway;

/** A queue's smallest offset still stored and its next offset to be written. */
public record QueueBounds(long minOffset, long maxOffset) {
}
