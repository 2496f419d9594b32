package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.store.MessageFilter;

/** One receive call as the service keeps it while it waits. */
record PopRequest(String group, String topic, MessageFilter filter, int maxCount, long invisibleMillis,
                  boolean fifo) {
}
