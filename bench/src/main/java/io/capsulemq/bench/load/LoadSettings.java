package io.capsulemq.bench.load;

import java.time.Duration;

/**
 * One load run: how many producer threads send what, for how long, and how.
 *
 * @param nameServer  the NameServer the producers are given
 * @param topic       created with {@code queues} queues on every broker if absent
 * @param threads     producer threads sharing one producer, as RocketMQ's own benchmark does
 * @param bodySize    bytes of each message body
 * @param warmup      sent but not measured
 * @param measure     measured
 * @param async       asynchronous sends, at most {@code window} in flight per thread; otherwise synchronous
 */
public record LoadSettings(String nameServer, String topic, int queues, int threads, int bodySize, Duration warmup,
                           Duration measure, boolean async, int window) {

    public LoadSettings {
        if (threads < 1 || bodySize < 1 || queues < 1 || window < 1) {
            throw new IllegalArgumentException("threads, body size, queues and window must be at least 1");
        }
        if (measure.isZero() || measure.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("the measured time must be positive and the warm-up not negative");
        }
    }

    public String describe() {
        return threads + " threads, " + bodySize + " B bodies, " + (async ? "async (window " + window + ")" : "sync")
                + " send, " + warmup.toSeconds() + " s warm-up, " + measure.toSeconds() + " s measured";
    }
}
