package io.capsulemq.it.seed;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The seed examples (the programs the project was specified by): a verbatim copy in {@code it-tests/seed-examples},
 * so that a clone builds and tests them alone ({@link SeedExamplesCopyTest} checks the copy against the examples
 * handed to us, {@code ../shared/seed-examples}, where that folder exists), compiled here against
 * capsule-client.jar alone. NativeProducerConfig is left out here: it uses RocketMQ's remoting client and runs
 * against the standalone broker instead.
 */
final class SeedExamples {
    static final String EXCLUDED = "NativeProducerConfig.java";

    private SeedExamples() {
    }

    /** The project's root folder. */
    static Path projectRoot() {
        return Path.of(System.getProperty("capsule.project.root", "..")).toAbsolutePath().normalize();
    }

    /** The copy the tests run; the system property {@code seed.examples.dir} names another folder. */
    static Path folder() {
        String override = System.getProperty("seed.examples.dir");
        Path folder = (override != null ? Path.of(override) : projectRoot().resolve("it-tests/seed-examples"))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(folder.resolve("src/main/java/seed/examples"))) {
            throw new IllegalStateException("the seed examples are not at " + folder);
        }
        return folder;
    }

    static Path clientJar() {
        Path jar = Path.of(System.getProperty("capsule.client.jar", "../client/target/capsule-client.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": package the client first (mvn -pl client -am package)");
        }
        return jar;
    }

    /** Compiles the examples of the RocketMQ 5 API into {@code out} with only the client jar on the class path. */
    static void compile(Path sources, Path jar, Path out) throws IOException {
        compile(sources, jar.toString(), out, name -> !name.equals(EXCLUDED));
    }

    /** Compiles NativeProducerConfig (RocketMQ's remoting client, found on {@code classPath}) into {@code out}. */
    static void compileNative(Path sources, String classPath, Path out) throws IOException {
        compile(sources, classPath, out, name -> name.equals(EXCLUDED) || name.equals("Check.java"));
    }

    private static void compile(Path sources, String classPath, Path out, Predicate<String> which) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                    + ": run the tests on a JDK");
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(sources.resolve("src/main/java/seed/examples"))) {
            files = all.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> which.test(f.getFileName().toString())).sorted().toList();
        }
        Files.createDirectories(out);
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(problems, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, problems, List.of("--release", "17", "-classpath", classPath,
                    "-d", out.toString(), "-proc:none"), null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new IllegalStateException("the seed examples do not compile against " + classPath + ": "
                        + problems.getDiagnostics());
            }
        }
    }
}
