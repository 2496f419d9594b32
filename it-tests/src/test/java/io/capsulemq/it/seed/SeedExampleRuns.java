package io.capsulemq.it.seed;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one seed example in a JVM of its own and checks that it exits 0 having got to its end (each example checks
 * itself: it exits 0 only when what it sent came back as it should).
 */
final class SeedExampleRuns {

    private SeedExampleRuns() {
    }

    /** Runs {@code example}; it must exit 0 having printed {@code lastWords}. */
    static void run(Path work, String classPath, List<String> jvmOptions, String example, List<String> arguments,
                    String lastWords) throws Exception {
        Path log = work.resolve(example + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "seed.examples." + example));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(exited, example + " did not finish within 180 s:\n" + output);
        assertEquals(0, process.exitValue(), example + " failed:\n" + output);
        assertTrue(output.contains(lastWords), example + " did not get to its end:\n" + output);
    }

    static String classPath(Path... entries) {
        return String.join(File.pathSeparator, java.util.Arrays.stream(entries).map(Path::toString).toList());
    }
}
