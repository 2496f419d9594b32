package io.capsulemq.client.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of a client, named after it. Like the RocketMQ client's they are not daemons: an open consumer keeps
 * its program running until it is closed.
 */
public final class ClientThreads {
    private ClientThreads() {
    }

    public static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }
}
