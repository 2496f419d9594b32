package io.capsulemq.bench.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a fuzz run: the figures (frames and frames per second, connections and how they ended, answers by
 * code), the well-formed client's view, the broker's state at the end, the findings, and the verdict.
 *
 * @param servingProblem why the broker no longer serves the client's admin requests after the run, or null
 * @param heapUsedBefore heap in use after a full collection before the run (-1: unknown)
 * @param heapUsedAfter  the same after the run (-1: unknown)
 */
record FuzzReport(FuzzRun.Settings settings, String target, FuzzStats stats, long elapsedNanos,
                  WellFormedClient.Result client, String servingProblem, boolean alive, long heapUsedBefore,
                  long heapUsedAfter, long heapMax, long residentBytes, List<String> brokerErrorLines) {

    /** Heap in use after a full collection at the end may be at most this share of the heap limit. */
    static final double HEAP_SHARE_LIMIT = 0.75;

    /** Why the run failed, or nothing when it passed. */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (!alive) {
            failures.add("the broker's JVM is gone");
        }
        if (servingProblem != null) {
            failures.add("the broker or NameServer no longer serves the well-formed client: " + servingProblem);
        }
        if (!client.unaffected()) {
            failures.add("the well-formed client was affected: " + client.summary() + " " + client.failureExamples());
        }
        if (heapUsedAfter > 0 && heapMax > 0 && heapUsedAfter > heapMax * HEAP_SHARE_LIMIT) {
            failures.add(String.format(Locale.ROOT, "heap in use after a full collection is %d MiB, more than %.0f%% "
                    + "of the %d MiB limit", heapUsedAfter >> 20, HEAP_SHARE_LIMIT * 100, heapMax >> 20));
        }
        if (stats.frames() < settings.frames()) {
            failures.add(String.format(Locale.ROOT, "only %,d of %,d frames were written", stats.frames(),
                    settings.frames()));
        }
        if (!stats.findings().isEmpty()) {
            failures.add(stats.findings().size() + " kinds of finding (below)");
        }
        if (!brokerErrorLines.isEmpty()) {
            failures.add("the broker logged " + brokerErrorLines.size() + " errors (below)");
        }
        return failures;
    }

    boolean passed() {
        return failures().isEmpty();
    }

    double framesPerSecond() {
        return stats.frames() / (elapsedNanos / 1e9);
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Capsule MQ fuzz run: " + target);
        lines.add(String.format(Locale.ROOT, "seed %d, %d connection slots, %,d frames planned", settings.seed(),
                settings.connections(), settings.frames()));
        lines.add(String.format(Locale.ROOT, "frames written     %,d in %.1f s: %,.0f frames/s, %,.1f MiB",
                stats.frames(), elapsedNanos / 1e9, framesPerSecond(), stats.bytesWritten.sum() / (double) (1 << 20)));
        StringBuilder kinds = new StringBuilder("  by kind         ");
        stats.framesByKind.forEach((kind, count) -> kinds.append(' ').append(kind.name().toLowerCase(Locale.ROOT))
                .append(' ').append(String.format(Locale.ROOT, "%,d", count.sum())));
        lines.add(kinds.toString());
        lines.add(String.format(Locale.ROOT, "connections        %,d opened; %,d closed by the server after a broken "
                        + "frame, %,d closed by the fuzzer", stats.connections.sum(), stats.closedByServer.sum(),
                stats.closedByFuzzer.sum()));
        lines.add(String.format(Locale.ROOT, "answers            %,d received, %,d of them errors; %,d owed, %,d never "
                        + "came; %,d long polls left held; %,d requests from the server", stats.answered.sum(),
                stats.errorsAnswered(), stats.answersExpected.sum(), stats.neverAnswered.sum(),
                stats.heldLongPolls.sum(), stats.serverRequests.sum()));
        stats.responseCodeLines(12).forEach(line -> lines.add("  " + line));
        lines.add("well-formed client " + client.summary() + (client.failureExamples().isEmpty() ? ""
                : " " + client.failureExamples()) + "; still served afterwards: "
                + (servingProblem == null ? "yes" : "NO, " + servingProblem));
        lines.add(String.format(Locale.ROOT, "broker             %s; heap after full GC %s before, %s after (limit %s); "
                        + "resident %s", alive ? "alive" : "DEAD", mib(heapUsedBefore), mib(heapUsedAfter),
                mib(heapMax), mib(residentBytes)));
        lines.add("broker errors      " + brokerErrorLines.size() + " lines at ERROR/SEVERE");
        distinct(brokerErrorLines).forEach((line, count) -> lines.add("  " + count + " x " + line));
        lines.add("findings           " + stats.findings().size() + " kinds");
        for (FuzzStats.Finding finding : stats.findings()) {
            lines.add(String.format(Locale.ROOT, "  %,d x %s", finding.count.sum(), finding.what));
            finding.examples.forEach(example -> lines.add("      e.g. " + example));
        }
        List<String> failures = failures();
        lines.add(failures.isEmpty() ? "PASSED" : "FAILED: " + String.join("; ", failures));
        return lines;
    }

    /** Up to ten distinct error lines (cut at 160 characters) with how often each came. */
    private static Map<String, Integer> distinct(List<String> errorLines) {
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (String line : errorLines) {
            String key = line.length() > 160 ? line.substring(0, 160) + "..." : line;
            if (distinct.size() < 10 || distinct.containsKey(key)) {
                distinct.merge(key, 1, Integer::sum);
            }
        }
        return distinct;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unknown" : (bytes >> 20) + " MiB";
    }
}
