package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.DefaultMessageStore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The timer JVM of {@link TimerCrashProcessTest}: opens the store with synchronous flush and the timer on the
 * system clock, says READY, and fires timed messages until it is killed.
 */
public final class TimerCrashChild {
    private TimerCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false);
        DefaultMessageStore store = DefaultMessageStore.open(TimerCrashProcessTest.storeConfig(dir));
        TimerService timer = TimerService.open(store, TimerCrashProcessTest.timerConfig(dir), Clock.systemUTC());
        out.println("READY " + timer.pendingCount());
        out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
