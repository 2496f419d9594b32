package io.capsulemq.bench.fuzz;

import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * What the fuzzing connections saw, counted from many threads: frames by kind, connections and how they ended,
 * answers by response code, and the findings (anything the server should not have done), each kind with a few
 * examples.
 */
final class FuzzStats {
    /**
     * A SYSTEM_ERROR whose remark is an exception, as the servers answer a request whose processing threw
     * ({@code "java.lang.NullPointerException: ..."}, or {@code "PULL_MESSAGE failed: java.lang..."}): the server
     * failed, it did not refuse. A refusal's remark may quote an exception further on; that is not a fault.
     */
    private static final Pattern EXCEPTION_REMARK = Pattern.compile(
            "^(\\S+ failed: )?((java|javax|jdk|sun|io\\.netty|com\\.fasterxml|io\\.capsulemq)\\.[\\w.$]*"
                    + "(Exception|Error))\\b");
    private static final int EXAMPLES_PER_FINDING = 3;

    final Map<FrameGenerator.Kind, LongAdder> framesByKind = new EnumMap<>(FrameGenerator.Kind.class);
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder connections = new LongAdder();
    /** Closed by the server after a frame that breaks the transport's rules, as it must. */
    final LongAdder closedByServer = new LongAdder();
    /** Closed by the fuzzer after a truncated frame, or at the end of a session. */
    final LongAdder closedByFuzzer = new LongAdder();
    /** Answers the server owed (decodable requests that are neither one-way nor long polls). */
    final LongAdder answersExpected = new LongAdder();
    /** Every answer received, owed or not. */
    final LongAdder answered = new LongAdder();
    final LongAdder neverAnswered = new LongAdder();
    /** Long polls (pull, pop) still held when their connection was closed: allowed, they wait for messages. */
    final LongAdder heldLongPolls = new LongAdder();
    final LongAdder serverRequests = new LongAdder();
    private final Map<Integer, LongAdder> responseCodes = new ConcurrentHashMap<>();
    private final Map<String, Finding> findings = new ConcurrentHashMap<>();

    FuzzStats() {
        for (FrameGenerator.Kind kind : FrameGenerator.Kind.values()) {
            framesByKind.put(kind, new LongAdder());
        }
    }

    /** Something that went wrong, with how often and a few examples. */
    static final class Finding {
        final String what;
        final LongAdder count = new LongAdder();
        final List<String> examples = new ArrayList<>();

        Finding(String what) {
            this.what = what;
        }
    }

    void frame(FrameGenerator.Kind kind, int bytes) {
        framesByKind.get(kind).increment();
        bytesWritten.add(bytes);
    }

    long frames() {
        return framesByKind.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void answer(int requestCode, int responseCode, String remark, RequestShapes.Port port) {
        answered.increment();
        responseCodes.computeIfAbsent(responseCode, c -> new LongAdder()).increment();
        java.util.regex.Matcher fault = remark == null ? null : EXCEPTION_REMARK.matcher(remark);
        if (responseCode == ResponseCode.SYSTEM_ERROR && fault != null && fault.find()) {
            String exception = fault.group(2);
            finding("server fault (SYSTEM_ERROR naming " + exception + ") answering "
                    + RequestCode.nameOf(requestCode) + " on the " + port, abbreviate(remark));
        }
    }

    long errorsAnswered() {
        return responseCodes.entrySet().stream().filter(e -> e.getKey() != ResponseCode.SUCCESS)
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    void finding(String what, String example) {
        Finding finding = findings.computeIfAbsent(what, Finding::new);
        finding.count.increment();
        synchronized (finding) {
            if (finding.examples.size() < EXAMPLES_PER_FINDING) {
                finding.examples.add(abbreviate(example));
            }
        }
    }

    List<Finding> findings() {
        return findings.values().stream().sorted(Comparator.comparingLong((Finding f) -> f.count.sum()).reversed())
                .toList();
    }

    /** Response codes by how often they were answered, most frequent first. */
    List<String> responseCodeLines(int limit) {
        return responseCodes.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Integer, LongAdder> e) -> e.getValue().sum()).reversed())
                .limit(limit)
                .map(e -> String.format(Locale.ROOT, "%-32s %,d", ResponseCode.nameOf(e.getKey()),
                        e.getValue().sum()))
                .toList();
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
