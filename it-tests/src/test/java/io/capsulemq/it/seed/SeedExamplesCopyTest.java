package io.capsulemq.it.seed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Our copy of the seed examples is the one we were handed, byte for byte, where that one is at hand. */
class SeedExamplesCopyTest {

    @Test
    void shouldBeAVerbatimCopyOfTheExamplesHandedToUs() throws IOException {
        Path handed = SeedExamples.projectRoot().resolve("../shared/seed-examples").normalize();
        assumeTrue(Files.isDirectory(handed), "no " + handed + " on this machine to compare with");
        Path copy = SeedExamples.folder();
        List<Path> handedFiles = files(handed);
        assertEquals(handedFiles, files(copy), "the same files");
        for (Path file : handedFiles) {
            assertArrayEquals(Files.readAllBytes(handed.resolve(file)), Files.readAllBytes(copy.resolve(file)),
                    file + " differs from the example handed to us");
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(root::relativize)
                    .filter(p -> !p.startsWith("target")).sorted().toList();
        }
    }
}
