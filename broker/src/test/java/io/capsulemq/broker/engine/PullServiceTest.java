package io.capsulemq.broker.engine;

import io.capsulemq.broker.store.GetResult;
import io.capsulemq.broker.store.GetStatus;
import io.capsulemq.broker.store.MessageFilter;
import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.capsulemq.broker.engine.TestBrokers.message;
import static org.junit.jupiter.api.Assertions.*;

class PullServiceTest {
    @TempDir
    Path dir;

    /** Matches only messages tagged "wanted". */
    private static final MessageFilter WANTED = new MessageFilter() {
        @Override
        public boolean matchesTagsCode(long tagsCode) {
            return tagsCode == MessageProperties.tagsCode("wanted");
        }

        @Override
        public boolean matches(StoredMessage message) {
            return "wanted".equals(message.tags());
        }
    };

    @Test
    void shouldAnswerAtOnceWhenMessagesAreThere() {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.sender().send(message("t", 0, "a")).join();
            TestBrokers.awaitDispatched(broker);
            GetResult r = broker.puller().pull("t", 0, 0, 10, MessageFilter.ALL, Duration.ofSeconds(30)).join();
            assertEquals(1, r.messages().size());
            assertEquals(0, broker.puller().heldCount());
        }
    }

    @Test
    void shouldHoldAPullAtTheEndOfTheQueueUntilAMessageArrives() throws Exception {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.sender().send(message("t", 0, "first")).join();
            TestBrokers.awaitDispatched(broker);
            CompletableFuture<GetResult> held = broker.puller().pull("t", 0, 1, 10, MessageFilter.ALL,
                    Duration.ofSeconds(60));
            Thread.sleep(200);
            assertFalse(held.isDone(), "answered before anything arrived");
            assertEquals(1, broker.puller().heldCount());
            broker.sender().send(message("t", 0, "second")).join();
            GetResult r = held.get(10, TimeUnit.SECONDS);
            assertEquals(1, r.messages().size());
            assertEquals(1, r.messages().get(0).queueOffset());
            assertEquals(0, broker.puller().heldCount());
        }
    }

    @Test
    void shouldNotWakeForAnotherQueueOrAnUnmatchedTag() throws Exception {
        try (Broker broker = TestBrokers.start(dir)) {
            CompletableFuture<GetResult> held = broker.puller().pull("t", 0, 0, 10, WANTED, Duration.ofSeconds(60));
            broker.sender().send(message("t", 1, "other queue")).join();
            broker.sender().send(io.capsulemq.broker.store.MessageToStore.builder("t", 0).tags("unwanted").build())
                    .join();
            TestBrokers.awaitDispatched(broker);
            Thread.sleep(200);
            assertFalse(held.isDone());
            broker.sender().send(io.capsulemq.broker.store.MessageToStore.builder("t", 0).tags("wanted").build())
                    .join();
            GetResult r = held.get(10, TimeUnit.SECONDS);
            assertEquals(1, r.messages().size());
            assertEquals("wanted", r.messages().get(0).tags());
        }
    }

    @Test
    void shouldAnswerEmptyWhenTheSuspendTimeRunsOut() throws Exception {
        try (Broker broker = TestBrokers.start(dir)) {
            broker.topics().ensure("quiet", 1, io.capsulemq.broker.engine.topic.Permission.READ_WRITE);
            GetResult r = broker.puller().pull("quiet", 0, 0, 10, MessageFilter.ALL, Duration.ofMillis(300))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(r.messages().isEmpty());
            assertNotEquals(GetStatus.FOUND, r.status());
        }
    }

    @Test
    void shouldAnswerHeldPullsWhenTheBrokerCloses() throws Exception {
        CompletableFuture<GetResult> held;
        try (Broker broker = TestBrokers.start(dir)) {
            held = broker.puller().pull("t", 0, 0, 10, MessageFilter.ALL, Duration.ofMinutes(5));
        }
        assertTrue(held.get(10, TimeUnit.SECONDS).messages().isEmpty());
    }
}
