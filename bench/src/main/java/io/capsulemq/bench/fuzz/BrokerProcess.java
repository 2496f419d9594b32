package io.capsulemq.bench.fuzz;

import io.capsulemq.peers.CapsuleStandalone;
import io.capsulemq.peers.ProcessMemory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The broker under fuzzing as {@code java -jar capsule-broker.jar -c broker.conf}, with a capped heap and told to
 * exit on OutOfMemoryError (leaving a heap dump), so that running out of memory shows as a dead process. Its heap is
 * measured from outside with the JDK's own tools.
 */
final class BrokerProcess implements FuzzTarget {
    private final CapsuleStandalone broker;
    private final Path home;
    private final long heapMax;

    private BrokerProcess(CapsuleStandalone broker, Path home, long heapMax) {
        this.broker = broker;
        this.home = home;
        this.heapMax = heapMax;
    }

    /** Starts the broker under {@code home} with {@code -Xmx<heap>}. */
    static BrokerProcess start(Path home, String heap) throws IOException, InterruptedException {
        CapsuleStandalone broker = CapsuleStandalone.start(home, SETTINGS, heap,
                List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+HeapDumpOnOutOfMemoryError",
                        "-XX:HeapDumpPath=" + home.toAbsolutePath()));
        return new BrokerProcess(broker, home, bytes(heap));
    }

    /** A JVM memory size as -Xmx takes it: 256m, 1g, 524288k, or bytes. */
    static long bytes(String size) {
        String text = size.trim().toLowerCase(Locale.ROOT);
        int shift = switch (text.charAt(text.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1)) << shift;
    }

    @Override
    public InetSocketAddress nameServer() {
        return address(broker.nameServerAddress());
    }

    @Override
    public InetSocketAddress broker() {
        return address(broker.brokerAddress());
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public boolean alive() {
        return broker.process().isAlive();
    }

    /** Asks the JVM to collect ({@code jcmd GC.run}), then reads its generations' use ({@code jstat -gc}). */
    @Override
    public long heapUsedAfterGc() {
        String pid = Long.toString(broker.process().pid());
        if (run(List.of(jdkTool("jcmd"), pid, "GC.run")) == null) {
            return -1;
        }
        String output = run(List.of(jdkTool("jstat"), "-gc", pid));
        if (output == null) {
            return -1;
        }
        String[] lines = output.strip().split("\\R");
        if (lines.length < 2) {
            return -1;
        }
        List<String> names = Arrays.asList(lines[0].trim().split("\\s+"));
        String[] values = lines[1].trim().split("\\s+");
        double kib = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            int index = names.indexOf(column);
            if (index < 0 || index >= values.length) {
                return -1;
            }
            kib += Double.parseDouble(values[index]);
        }
        return (long) (kib * 1024);
    }

    @Override
    public long heapMax() {
        return heapMax;
    }

    @Override
    public long residentBytes() {
        return ProcessMemory.residentBytes(broker.process().pid());
    }

    @Override
    public List<String> errorLines() {
        try {
            return Files.readAllLines(broker.process().log(), StandardCharsets.ISO_8859_1).stream()
                    .filter(line -> line.startsWith("SEVERE:") || line.contains("OutOfMemoryError")
                            || line.contains("StackOverflowError"))
                    .toList();
        } catch (IOException e) {
            return List.of("(broker log unreadable: " + e + ")");
        }
    }

    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** The command's output, or null when it cannot be run or fails. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        broker.close();
    }

    @Override
    public String toString() {
        return "standalone broker process " + broker.process().pid() + " (log " + broker.process().log()
                + ", data " + home.toAbsolutePath() + ")";
    }
}
