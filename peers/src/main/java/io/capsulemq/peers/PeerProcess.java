package io.capsulemq.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One peer JVM started for a test or a benchmark: its output goes to a log file, start-up is over when a given line
 * appears there, and closing it asks it to stop (SIGTERM) before forcing it.
 */
public final class PeerProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeerProcess.class.getName());

    private final String name;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java jvmArguments...} in {@code workDir}, its standard output and error in {@code log}, and
     * returns once {@code readyLine} appears in the log.
     *
     * @throws IllegalStateException naming the peer and quoting the end of its log when it exits or is not ready
     *                               within {@code timeout}
     */
    public static PeerProcess start(String name, List<String> jvmArguments, Path workDir, Path log, String readyLine,
                                    Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        Files.createDirectories(workDir);
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PeerProcess peer = new PeerProcess(name, process, log);
        try {
            peer.awaitLine(readyLine, timeout);
        } catch (RuntimeException | InterruptedException e) {
            peer.kill();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "{0} started (pid {1}), log {2}", name, process.pid(), log);
        return peer;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logContains(line)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; its log ends:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready after " + timeout + "; its log ends:\n"
                        + tail());
            }
            Thread.sleep(100);
        }
    }

    private boolean logContains(String line) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the peer's log, for error messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL, for crash tests and failed starts. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the peer to stop (SIGTERM) and waits up to a minute before killing it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "{0} did not stop within 60 s after SIGTERM; killing it", name);
            kill();
        }
    }
}
