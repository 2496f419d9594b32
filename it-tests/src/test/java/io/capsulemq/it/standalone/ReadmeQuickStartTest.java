package io.capsulemq.it.standalone;

import io.capsulemq.peers.CapsuleStandalone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's quick start, as written there, against the standalone broker: the program in its Java block
 * {@code Hello} runs with capsule-client.jar alone and receives what it sent. Only its endpoint is changed, to the
 * test broker's.
 */
class ReadmeQuickStartTest {

    private static final String README_ENDPOINT = "127.0.0.1:9876";

    @TempDir
    Path work;

    @Test
    void shouldRunTheQuickStartProgramAgainstTheStandaloneBroker() throws Exception {
        Path root = Path.of(System.getProperty("capsule.project.root", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.lastIndexOf("```java\n", readme.indexOf("public class Hello"));
        assertTrue(start >= 0 && readme.contains("public class Hello"), "the README has the Hello program");
        String program = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
        assertTrue(program.contains(README_ENDPOINT), "the quick start names the default endpoint");
        Path client = Path.of(System.getProperty("capsule.client.jar")).toAbsolutePath();

        try (CapsuleStandalone broker = CapsuleStandalone.start(work.resolve("broker"), Map.of(), "256m")) {
            Path source = work.resolve("Hello.java");
            Files.writeString(source, program.replace(README_ENDPOINT, broker.nameServerAddress()));
            Path log = work.resolve("hello.log");
            Process hello = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", client.toString(), source.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean exited = hello.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                hello.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the quick start did not finish within 120 s:\n" + output);
            assertEquals(0, hello.exitValue(), output);
            assertTrue(output.contains("received hello, Capsule MQ"), output);
        }
    }
}
