package io.capsulemq.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real Apache RocketMQ's jars are: {@code target/rocketmq-lib} of this module, filled by its build, found
 * beside the classes or jar this class was loaded from; the system property {@code capsule.peers.rocketmqLib}
 * overrides it.
 */
final class RocketMqJars {

    static final String FOLDER_PROPERTY = "capsule.peers.rocketmqLib";

    private RocketMqJars() {
    }

    /** The class path of a peer process: every jar of the folder. */
    static String classPath() {
        Path folder = folder();
        try (var jars = Files.list(folder)) {
            if (jars.noneMatch(jar -> jar.getFileName().toString().startsWith("rocketmq-broker-"))) {
                throw new IllegalStateException("no rocketmq-broker jar in " + folder
                        + ": build the peers module first (mvn -pl peers package)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return folder.resolve("*").toString();
    }

    private static Path folder() {
        String configured = System.getProperty(FOLDER_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            // target/classes or target/capsule-peers-<version>.jar: both sit in target/.
            Path loadedFrom = Path.of(RocketMqJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path folder = loadedFrom.getParent().resolve("rocketmq-lib");
            // Shaded into another jar (the benchmarks): the peers module's folder, from the project root or a module.
            for (Path candidate : new Path[] {Path.of("peers/target/rocketmq-lib"), Path.of("../peers/target/rocketmq-lib")}) {
                if (!Files.isDirectory(folder) && Files.isDirectory(candidate)) {
                    folder = candidate.toAbsolutePath().normalize();
                }
            }
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException("no folder " + folder + " (set -D" + FOLDER_PROPERTY
                        + " or build the peers module with mvn -pl peers package)");
            }
            return folder;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the peers module was loaded from", e);
        }
    }
}
