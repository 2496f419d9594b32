package io.capsulemq.client.consumer.push;

import java.util.concurrent.CompletableFuture;

/** Counts listener calls running for one queue, so that a queue being given up can wait for them to finish. */
final class InFlight {
    private int running;
    private CompletableFuture<Void> idle;

    synchronized void enter() {
        running++;
    }

    synchronized void exit() {
        if (--running == 0 && idle != null) {
            idle.complete(null);
        }
    }

    /** Completes when no call is running (at once if none is). */
    synchronized CompletableFuture<Void> whenIdle() {
        if (idle == null) {
            idle = new CompletableFuture<>();
        }
        if (running == 0) {
            idle.complete(null);
        }
        return idle;
    }
}
