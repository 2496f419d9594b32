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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.capsulemq.broker.engine.pop.PopFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class PopServiceTest {
    @TempDir
    Path dir;
    PopFixture f;

    @BeforeEach
    void open() {
        f = new PopFixture(dir);
        f.topic("T", 2, MessageType.NORMAL);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void shouldHandOutMessagesOfEveryQueueOnceAndNeverAgainOnceAcknowledged() {
        for (int i = 0; i < 6; i++) {
            f.send("T", i % 2, "m" + i);
        }
        List<PoppedMessage> got = f.pop("g", "T", 10);
        assertEquals(Set.of("m0", "m1", "m2", "m3", "m4", "m5"), bodySet(got));
        got.forEach(m -> {
            assertEquals(1, m.deliveryAttempt());
            assertEquals("T", m.topic());
        });
        assertEquals(List.of(), f.pop("g", "T", 10), "invisible messages are not handed out again");

        got.forEach(m -> f.pop.ack("g", "T", m.receiptHandle()));
        f.afterInvisibleTime();
        assertEquals(List.of(), f.pop("g", "T", 10), "acknowledged messages never come back");
        assertEquals(List.of(), f.pop.inFlight("g"));
        assertEquals(3, f.committed("g", "T", 0));
        assertEquals(3, f.committed("g", "T", 1));
    }

    @Test
    void shouldGiveEachGroupItsOwnCopyOfTheTopic() {
        f.send("T", 0, "m0");
        assertEquals(List.of("m0"), bodies(f.pop("g1", "T", 10)));
        assertEquals(List.of("m0"), bodies(f.pop("g2", "T", 10)));
    }

    @Test
    void shouldCommitTheFirstUnacknowledgedOffsetSoLagCountsUnfinishedMessages() {
        for (int i = 0; i < 3; i++) {
            f.send("T", 0, "m" + i);
        }
        List<PoppedMessage> got = f.pop("g", "T", 3);
        assertEquals(0, f.committed("g", "T", 0));
        f.pop.ack("g", "T", got.get(2).receiptHandle());
        f.pop.ack("g", "T", got.get(1).receiptHandle());
        assertEquals(0, f.committed("g", "T", 0), "offset 0 is still in flight");
        f.pop.ack("g", "T", got.get(0).receiptHandle());
        assertEquals(3, f.committed("g", "T", 0));
    }

    @Test
    void shouldRedeliverAnUnacknowledgedMessageAfterItsInvisibleTimeWithItsAttemptCountedUp() {
        f.send("T", 0, "m0");
        PoppedMessage first = f.pop("g", "T", 1).get(0);

        f.later(PopFixture.INVISIBLE.minusSeconds(1));
        assertEquals(List.of(), f.pop("g", "T", 1), "still invisible");
        f.later(Duration.ofSeconds(2));
        PoppedMessage second = f.pop("g", "T", 1).get(0);

        assertEquals("m0", body(second));
        assertEquals(2, second.deliveryAttempt());
        assertEquals(first.message().queueOffset(), second.message().queueOffset());
        assertEquals(first.message().offsetMessageId(), second.message().offsetMessageId());
        assertNotFound(() -> f.pop.ack("g", "T", first.receiptHandle()), "stale");
        f.pop.ack("g", "T", second.receiptHandle());
        assertEquals(1, f.committed("g", "T", 0));
    }

    @Test
    void shouldExtendInvisibilityAndIssueANewHandleOnChangeInvisibleDuration() {
        f.send("T", 0, "m0");
        PoppedMessage popped = f.pop("g", "T", 1).get(0);
        f.later(Duration.ofSeconds(20));

        String renewed = f.pop.changeInvisibleDuration("g", "T", popped.receiptHandle(), Duration.ofSeconds(60));
        f.later(Duration.ofSeconds(30));
        assertEquals(List.of(), f.pop("g", "T", 1), "the old invisible time passed, the new one did not");
        assertNotFound(() -> f.pop.ack("g", "T", popped.receiptHandle()), "stale");
        assertEquals(1, f.pop.inFlight("g").get(0).deliveryAttempt(), "a change is not a delivery");

        f.pop.ack("g", "T", renewed);
        assertEquals(List.of(), f.pop.inFlight("g"));
    }

    @Test
    void shouldMakeAMessageVisibleSoonerWhenItsInvisibleTimeIsShortened() {
        f.send("T", 0, "m0");
        PoppedMessage popped = f.pop("g", "T", 1).get(0);
        f.pop.changeInvisibleDuration("g", "T", popped.receiptHandle(), Duration.ofSeconds(1));
        f.later(Duration.ofSeconds(2));
        PoppedMessage again = f.pop("g", "T", 1).get(0);
        assertEquals(2, again.deliveryAttempt());
    }

    @Test
    void shouldRefuseExpiredForeignForgedAndAlreadyUsedHandles() {
        f.topic("U", 1, MessageType.NORMAL);
        f.send("T", 0, "m0");
        f.send("T", 0, "m1");
        List<PoppedMessage> got = f.pop("g", "T", 2);
        String handle = got.get(0).receiptHandle();

        assertNotFound(() -> f.pop.ack("other", "T", handle), "not issued to group other");
        assertNotFound(() -> f.pop.ack("g", "U", handle), "for topic U");
        assertNotFound(() -> f.pop.ack("g", "T", "not-a-handle"), "malformed");
        char[] chars = handle.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        assertNotFound(() -> f.pop.ack("g", "T", new String(chars)), "not issued");
        assertNotFound(() -> f.pop.changeInvisibleDuration("other", "T", handle, Duration.ofSeconds(5)),
                "not issued");

        f.pop.ack("g", "T", handle);
        assertNotFound(() -> f.pop.ack("g", "T", handle), "acknowledged");

        f.afterInvisibleTime();
        String late = got.get(1).receiptHandle();
        assertNotFound(() -> f.pop.ack("g", "T", late), "expired");
        assertNotFound(() -> f.pop.changeInvisibleDuration("g", "T", late, Duration.ofSeconds(5)), "expired");
    }

    @Test
    void shouldNeverHandTheSameMessageToTwoConsumersSharingAQueue() throws Exception {
        f.topic("S", 1, MessageType.NORMAL);
        int total = 200;
        f.sendMany("S", 0, total);
        ExecutorService consumers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                Callable<List<String>> consumer = () -> {
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        List<PoppedMessage> got = f.pop("g", "S", 7);
                        if (got.isEmpty()) {
                            return mine;
                        }
                        for (PoppedMessage m : got) {
                            mine.add(body(m));
                            f.pop.ack("g", "S", m.receiptHandle());
                        }
                    }
                };
                results.add(consumers.submit(consumer));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> r : results) {
                all.addAll(r.get());
            }
            assertEquals(total, all.size(), "every message exactly once");
            assertEquals(total, new HashSet<>(all).size());
            assertEquals(total, f.committed("g", "S", 0));
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    void shouldHandOutOnlyMatchingMessagesAndCountTheOthersAsDone() {
        f.send("T", 0, "a1", "A");
        f.send("T", 0, "b1", "B");
        f.send("T", 0, "c1", "C");
        f.send("T", 0, "a2", "A");

        List<PoppedMessage> got = f.pop.pop("g", "T", tags("A", "C"), 10, PopFixture.INVISIBLE, Duration.ZERO, false)
                .join();
        assertEquals(List.of("a1", "c1", "a2"), bodies(got));
        got.forEach(m -> f.pop.ack("g", "T", m.receiptHandle()));
        assertEquals(4, f.committed("g", "T", 0), "a filtered-out message is not lag");
    }

    @Test
    void shouldDropARedeliveryThatTheGroupsFilterNoLongerMatches() {
        f.send("T", 0, "b1", "B");
        f.pop.pop("g", "T", tags("B"), 1, PopFixture.INVISIBLE, Duration.ZERO, false).join();
        f.afterInvisibleTime();
        assertEquals(List.of(), f.pop.pop("g", "T", tags("A"), 1, PopFixture.INVISIBLE, Duration.ZERO, false)
                .join());
        assertEquals(List.of(), f.pop.inFlight("g"));
        assertEquals(1, f.committed("g", "T", 0));
    }

    @Test
    void shouldRedeliverFromTheResetOffsetAsNew() {
        f.send("T", 0, "m0");
        f.send("T", 0, "m1");
        List<PoppedMessage> got = f.pop("g", "T", 2);
        f.pop.ack("g", "T", got.get(0).receiptHandle());

        f.pop.resetOffset("g", "T", 0, 0);
        assertEquals(0, f.committed("g", "T", 0));
        assertNotFound(() -> f.pop.ack("g", "T", got.get(1).receiptHandle()), "reset");
        List<PoppedMessage> again = f.pop("g", "T", 2);
        assertEquals(List.of("m0", "m1"), bodies(again));
        assertEquals(List.of(1, 1), again.stream().map(PoppedMessage::deliveryAttempt).toList());
    }

    @Test
    void shouldListWhatIsInFlightForOperators() {
        f.send("T", 1, "m0");
        PoppedMessage popped = f.pop("g", "T", 1).get(0);
        List<InFlightMessage> inFlight = f.pop.inFlight("g");
        assertEquals(1, inFlight.size());
        InFlightMessage m = inFlight.get(0);
        assertEquals("T", m.topic());
        assertEquals(1, m.queueId());
        assertEquals(0, m.queueOffset());
        assertEquals(popped.message().commitLogOffset(), m.commitLogOffset());
        assertEquals(f.clock.instant().plus(PopFixture.INVISIBLE), m.visibleAt());
        assertEquals(List.of(), f.pop.inFlight("someone-else"));
    }

    @Test
    void shouldRefuseUnknownTopicsBrokerTopicsAndBadArguments() {
        BrokerException missing = assertThrows(BrokerException.class, () -> f.pop("g", "Nope", 1));
        assertEquals(BrokerException.Reason.TOPIC_NOT_EXIST, missing.reason());
        BrokerException internal = assertThrows(BrokerException.class,
                () -> f.pop("g", PopJournal.TOPIC, 1));
        assertEquals(BrokerException.Reason.NO_PERMISSION, internal.reason());
        assertThrows(IllegalArgumentException.class,
                () -> f.pop.pop("g", "T", MessageFilter.ALL, 0, PopFixture.INVISIBLE, Duration.ZERO, false));
        assertThrows(IllegalArgumentException.class,
                () -> f.pop.pop("g", "T", MessageFilter.ALL, 1, Duration.ZERO, Duration.ZERO, false));
    }
}
