package io.capsulemq.broker.engine.pop;

import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.store.MessageFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static io.capsulemq.broker.engine.pop.PopFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** What a consumer sees when the pop journal cannot be written (a full disk): refusals, and nothing lost. */
class PopJournalFailureTest {
    @TempDir
    Path dir;
    PopFixture f;

    @BeforeEach
    void open() {
        f = new PopFixture(dir);
        f.topic("T", 1, MessageType.NORMAL);
        f.send("T", 0, "m0");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldFailAPopThatCannotBeRecordedAndHandItsMessagesOutLaterAsFirstDeliveries() {
        f.journalRefused = true;
        CompletionException e = assertThrows(CompletionException.class,
                () -> f.pop.pop("g", "T", MessageFilter.ALL, 1, PopFixture.INVISIBLE, Duration.ZERO, false).join());
        assertEquals(BrokerException.Reason.SERVICE_NOT_AVAILABLE, ((BrokerException) e.getCause()).reason());

        f.journalRefused = false;
        List<PoppedMessage> got = f.pop("g", "T", 1);
        assertEquals(List.of("m0"), bodies(got));
        assertEquals(1, got.get(0).deliveryAttempt());
    }

    @Test
    void shouldRefuseAnAcknowledgementThatCannotBeRecordedAndKeepTheMessageInFlight() {
        PoppedMessage m0 = f.pop("g", "T", 1).get(0);
        f.journalRefused = true;
        BrokerException e = assertThrows(BrokerException.class, () -> f.pop.ack("g", "T", m0.receiptHandle()));
        assertEquals(BrokerException.Reason.SERVICE_NOT_AVAILABLE, e.reason());
        assertEquals(1, f.pop.inFlight("g").size());
        assertEquals(0, f.committed("g", "T", 0));

        f.journalRefused = false;
        f.pop.ack("g", "T", m0.receiptHandle());
        assertEquals(List.of(), f.pop.inFlight("g"));
    }

    @Test
    void shouldKeepTheOldInvisibleTimeWhenItsChangeCannotBeRecorded() {
        PoppedMessage m0 = f.pop("g", "T", 1).get(0);
        f.journalRefused = true;
        assertThrows(BrokerException.class,
                () -> f.pop.changeInvisibleDuration("g", "T", m0.receiptHandle(), Duration.ofHours(1)));
        f.journalRefused = false;
        f.pop.ack("g", "T", m0.receiptHandle());
    }
}
