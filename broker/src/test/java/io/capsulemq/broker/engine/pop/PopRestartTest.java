package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.topic.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.capsulemq.broker.engine.pop.PopFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class PopRestartTest {
    @TempDir
    Path dir;
    PopFixture f;

    @BeforeEach
    void open() {
        f = new PopFixture(dir);
        f.topic("T", 1, MessageType.NORMAL);
        for (int i = 0; i < 6; i++) {
            f.send("T", 0, "m" + i);
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldKeepAcknowledgedMessagesGoneAndBringBackTheRestAfterTheirInvisibleTime() {
        List<PoppedMessage> got = f.pop("g", "T", 4);
        f.pop.ack("g", "T", got.get(0).receiptHandle());
        f.pop.ack("g", "T", got.get(1).receiptHandle());

        f.restart();

        assertEquals(List.of(2L, 3L), inFlightOffsets());
        assertEquals(List.of("m4", "m5"), bodies(f.pop("g", "T", 10)), "in-flight messages stay invisible");
        f.pop.ack("g", "T", got.get(2).receiptHandle());
        f.afterInvisibleTime();
        List<PoppedMessage> back = f.pop("g", "T", 10);
        assertEquals(Set.of("m3", "m4", "m5"), bodySet(back));
        back.forEach(m -> assertEquals(2, m.deliveryAttempt()));
        assertEquals(3, f.committed("g", "T", 0));
    }

    @Test
    void shouldReplayTheJournalPastAStaleSnapshotAfterACrash() {
        List<PoppedMessage> first = f.pop("g", "T", 3);
        f.pop.writeSnapshot();
        f.pop.ack("g", "T", first.get(0).receiptHandle());
        String m2 = f.pop.changeInvisibleDuration("g", "T", first.get(2).receiptHandle(), Duration.ofMinutes(10));
        List<PoppedMessage> second = f.pop("g", "T", 3);
        f.pop.ack("g", "T", second.get(0).receiptHandle());

        f.crash();

        assertEquals(List.of(1L, 2L, 4L, 5L), inFlightOffsets());
        assertEquals(1, f.committed("g", "T", 0), "the committed offset follows the journal, not the stale file");
        f.afterInvisibleTime();
        assertEquals(Set.of("m1", "m4", "m5"), bodySet(f.pop("g", "T", 10)),
                "m0 and m3 were acknowledged; m2's invisible time was extended");
        f.pop.ack("g", "T", m2);
    }

    @Test
    void shouldRebuildFromTheJournalAloneWhenTheSnapshotIsLost() throws Exception {
        List<PoppedMessage> got = f.pop("g", "T", 4);
        f.pop.ack("g", "T", got.get(1).receiptHandle());
        f.pop.writeSnapshot();

        f.crash();
        // fall through to a second crash without any snapshot at all
        f.pop.ack("g", "T", got.get(3).receiptHandle());
        f.crash();
        Files.delete(dir.resolve("config").resolve(PopService.STATE_FILE));
        f.crash();

        assertEquals(List.of(0L, 2L), inFlightOffsets());
        f.afterInvisibleTime();
        assertEquals(Set.of("m0", "m2", "m4", "m5"), bodySet(f.pop("g", "T", 10)));
    }

    @Test
    void shouldAcceptHandlesIssuedBeforeARestart() {
        PoppedMessage m0 = f.pop("g", "T", 1).get(0);
        f.restart();
        String renewed = f.pop.changeInvisibleDuration("g", "T", m0.receiptHandle(), Duration.ofSeconds(5));
        f.crash();
        f.pop.ack("g", "T", renewed);
        assertEquals(List.of(), inFlightOffsets());
        assertEquals(1, f.committed("g", "T", 0));
    }

    private List<Long> inFlightOffsets() {
        return f.pop.inFlight("g").stream().map(InFlightMessage::queueOffset).toList();
    }
}
