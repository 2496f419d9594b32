package io.capsulemq.client;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, failing with what was awaited. The bound guards against hangs on slow machines. */
public final class Await {
    private Await() {
    }

    public static void until(Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /** Sleeps, for tests that must show something does not happen within a time. */
    public static void quietFor(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
