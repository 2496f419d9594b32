package io.capsulemq.client.packaged;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged jar is self-contained: a program compiled against rocketmq-client-apis alone runs with nothing but
 * that program and {@code capsule-client.jar} on its class path (the API classes, ours, and our relocated Jackson
 * and Guava all come from the jar), and its JVM exits by itself once the program closed its clients. Runs after
 * {@code package} (the {@code packaged-jar} surefire execution).
 */
class ClientPackagedJarTest {
    private static final String SMALL = "commitLogSegmentSize=4m&maxMessageSize=256k&consumeQueueEntriesPerSegment=1024"
            + "&indexHashSlots=1024&indexEntriesPerFile=4096&minFreeBytes=0&diskFullRatio=1.0&diskMaxUsedRatio=1.0";

    private static final String JAR_PROPERTY = "capsule.client.jar";

    @Test
    void shouldRunAnApiOnlyProgramWithNothingButTheJarOnItsClassPath(@TempDir Path dir) throws Exception {
        String jarProperty = System.getProperty(JAR_PROPERTY);
        // The jar exists only after package: the default test execution (which -Dtest=... also reaches) skips this.
        assumeTrue(jarProperty != null, "runs in the packaged-jar execution, after package, which sets "
                + JAR_PROPERTY);
        Path jar = Path.of(jarProperty);
        assertTrue(Files.isRegularFile(jar), "no " + jar.toAbsolutePath() + ": build it with mvn -pl client package");
        Path classes = programClasses(dir.resolve("classes"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + jar.toAbsolutePath(), ApiOnlyProgram.class.getName(),
                "local:" + dir.resolve("data") + "?" + SMALL)
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertTrue(exited, "the program's JVM did not exit by itself after closing its clients:\n" + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("received ") && output.contains("hello from the jar tag=wanted"), output);
    }

    /** A folder holding only the program's own classes. */
    private static Path programClasses(Path target) throws IOException, URISyntaxException {
        Path testClasses = Path.of(ApiOnlyProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = ApiOnlyProgram.class.getPackageName().replace('.', '/');
        Path from = testClasses.resolve(packagePath);
        Path to = target.resolve(packagePath);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            List<Path> program = files.filter(f -> f.getFileName().toString().startsWith("ApiOnlyProgram")).toList();
            for (Path f : program) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return target;
    }
}
