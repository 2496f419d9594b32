package io.capsulemq.bench.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short fuzz run on every build (the million-frame run is in bench/README.md): twenty thousand random and mutated
 * frames at the standalone broker's NameServer and broker ports, while the real RocketMQ client sends and receives.
 */
class FuzzRunTest {

    @TempDir
    Path home;

    @Test
    void shouldLeaveTheBrokerAndAWellFormedClientUnharmedByTwentyThousandFrames() throws Exception {
        FuzzRun.Settings settings = new FuzzRun.Settings(20_000, 42, 8, Duration.ofMillis(10));
        FuzzReport report;
        try (FuzzTarget target = InProcessBroker.start(home)) {
            report = FuzzRun.run(target, settings, new PrintStream(PrintStream.nullOutputStream()));
        }

        String text = String.join(System.lineSeparator(), report.lines());
        assertTrue(report.passed(), text);
        assertEquals(20_000, report.stats().frames(), text);
        assertTrue(report.stats().closedByServer.sum() > 0, "broken frames closed their connections: " + text);
        assertTrue(report.stats().answered.sum() > 10_000, "well-formed requests were answered: " + text);
        assertTrue(report.client().sent() > 0 && report.client().missing() == 0, text);
    }
}
