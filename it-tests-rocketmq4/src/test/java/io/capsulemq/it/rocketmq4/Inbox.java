package io.capsulemq.it.rocketmq4;

import org.apache.rocketmq.common.message.MessageExt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a consumer of a scenario received, in arrival order, with a bounded wait for more. */
final class Inbox {

    /** A hang guard, not a speed bound: scenarios that work finish far sooner. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<MessageExt> messages = new ArrayList<>();

    synchronized void addAll(List<MessageExt> batch) {
        messages.addAll(batch);
        notifyAll();
    }

    synchronized List<MessageExt> snapshot() {
        return List.copyOf(messages);
    }

    /** Waits until at least {@code count} messages arrived and returns them all. */
    List<MessageExt> await(int count) throws InterruptedException {
        return awaitUntil(all -> all.size() >= count, count + " messages");
    }

    /** Waits until the messages received so far satisfy {@code done}. */
    synchronized List<MessageExt> awaitUntil(Predicate<List<MessageExt>> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.test(messages)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + PATIENCE + " for " + what + "; received " + bodies(messages));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(messages);
    }

    static String body(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    static List<String> bodies(List<MessageExt> messages) {
        return messages.stream().map(Inbox::body).toList();
    }
}
