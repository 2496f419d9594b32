package io.capsulemq.broker.server;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages put and got since start, for runtime information: totals, the totals at the start of today and of
 * yesterday (RocketMQ's {@code msgPutTotalTodayMorning} and friends), and rates over the last 10, 60 and 600
 * seconds from a sample taken each second.
 */
final class TrafficStats {
    private static final int WINDOW_SECONDS = 600;

    private final Clock clock;
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    /** Totals sampled each second, a ring of the last {@value #WINDOW_SECONDS} + 1 samples. */
    private final long[][] samples = new long[WINDOW_SECONDS + 1][];
    private int sampleCount;
    private int nextSample;
    private LocalDate today;
    private long[] todayMorning = {0, 0};
    private long[] yesterdayMorning = {0, 0};

    TrafficStats(Clock clock) {
        this.clock = clock;
        this.today = LocalDate.now(clock.withZone(ZoneId.systemDefault()));
    }

    void put(int messages) {
        puts.addAndGet(messages);
    }

    void got(int messages) {
        gets.addAndGet(messages);
    }

    long putTotal() {
        return puts.get();
    }

    long getTotal() {
        return gets.get();
    }

    /** Takes the per-second sample and rolls the day over; called once a second. */
    synchronized void sample() {
        long[] now = {puts.get(), gets.get()};
        samples[nextSample] = now;
        nextSample = (nextSample + 1) % samples.length;
        sampleCount = Math.min(sampleCount + 1, samples.length);
        LocalDate date = LocalDate.now(clock.withZone(ZoneId.systemDefault()));
        if (!date.equals(today)) {
            yesterdayMorning = date.minusDays(1).equals(today) ? todayMorning : now;
            todayMorning = now;
            today = date;
        }
    }

    /** Puts (0) or gets (1) per second over the last {@code seconds}, from the samples there are. */
    synchronized double rate(int which, int seconds) {
        if (sampleCount < 2) {
            return 0;
        }
        int span = Math.min(seconds, sampleCount - 1);
        long[] newest = samples[Math.floorMod(nextSample - 1, samples.length)];
        long[] oldest = samples[Math.floorMod(nextSample - 1 - span, samples.length)];
        return (newest[which] - oldest[which]) / (double) span;
    }

    synchronized long[] todayMorning() {
        return todayMorning.clone();
    }

    synchronized long[] yesterdayMorning() {
        return yesterdayMorning.clone();
    }
}
