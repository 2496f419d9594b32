package io.capsulemq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** Where benchmark data goes, and helpers to create and remove it. */
public final class BenchFiles {
    /** System property naming the folder under which benchmarks create their data. */
    public static final String DIR_PROPERTY = "capsule.bench.dir";

    private BenchFiles() {
    }

    /**
     * The base folder: {@code -Dcapsule.bench.dir} if set; else {@code bench/target/bench-data} when run from the
     * repository root, {@code target/bench-data} when run from {@code bench/}; else {@code java.io.tmpdir}.
     */
    public static Path baseDir() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Paths.get(configured);
        } else if (Files.isDirectory(Paths.get("bench", "target"))) {
            dir = Paths.get("bench", "target", "bench-data");
        } else if (Files.isDirectory(Paths.get("target")) && Files.exists(Paths.get("pom.xml"))) {
            dir = Paths.get("target", "bench-data");
        } else {
            dir = Paths.get(System.getProperty("java.io.tmpdir"), "capsule-bench");
        }
        try {
            return Files.createDirectories(dir.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark folder " + dir, e);
        }
    }

    /** The file system's type (ext4, xfs, tmpfs, ...) of {@code dir}. */
    public static String fileSystemType(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** True when {@code dir} lives in memory rather than on a disk: its figures would say nothing about the disk. */
    public static boolean isInMemory(Path dir) {
        String type = fileSystemType(dir).toLowerCase(Locale.ROOT);
        return type.equals("tmpfs") || type.equals("ramfs");
    }

    public static long usableBytes(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty folder under {@code base} whose name starts with {@code prefix}. */
    public static Path freshDir(Path base, String prefix) {
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder under " + base, e);
        }
    }

    /** Deletes {@code dir} and everything in it; a missing folder is fine. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
