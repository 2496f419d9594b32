package io.capsulemq.bench.load;

import org.HdrHistogram.Histogram;

/** What a load run measured; latencies in microseconds. */
public record LoadResult(String broker, String flushDiskType, long messages, long errors, double seconds,
                         long p50Micros, long p99Micros, long p999Micros, long maxMicros) {

    static LoadResult of(String broker, String flushDiskType, Histogram latencies, long errors, double seconds) {
        return new LoadResult(broker, flushDiskType, latencies.getTotalCount(), errors, seconds,
                latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(99),
                latencies.getValueAtPercentile(99.9), latencies.getMaxValue());
    }

    public double throughput() {
        return messages / seconds;
    }

    public String summary() {
        return String.format("%s (%s): %,.0f msg/s, latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms,"
                        + " %d errors", broker, flushDiskType, throughput(), p50Micros / 1e3, p99Micros / 1e3,
                p999Micros / 1e3, maxMicros / 1e3, errors);
    }
}
