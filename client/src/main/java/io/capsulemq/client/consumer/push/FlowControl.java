package io.capsulemq.client.consumer.push;

import java.util.function.IntSupplier;

/**
 * Caps what a push consumer holds in memory. The consumer's limits on cached messages and bytes are shared evenly
 * by the queues it consumes, as the RocketMQ 5 client shares them: a queue over its share pauses pulling until
 * consumption brings it back under, and a pull never asks for more than the share has room for.
 */
final class FlowControl {
    /** The most a single pull asks for. */
    static final int MAX_BATCH = 32;

    private final int maxCount;
    private final long maxBytes;
    private final IntSupplier queues;

    FlowControl(int maxCount, long maxBytes, IntSupplier queues) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.queues = queues;
    }

    /** How many messages a pull of this queue may ask for now; 0 to pause. */
    int allowance(MessageCache cache) {
        int shares = Math.max(1, queues.getAsInt());
        long bytesShare = Math.max(1, maxBytes / shares);
        if (cache.bytes() >= bytesShare) {
            return 0;
        }
        int countShare = Math.max(1, maxCount / shares);
        return Math.min(MAX_BATCH, Math.max(0, countShare - cache.count()));
    }
}
