package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.client.ConsumeType;
import io.capsulemq.broker.engine.client.ConsumerRegistration;
import io.capsulemq.broker.engine.client.ConsumerRegistry;
import io.capsulemq.broker.engine.client.MessageModel;
import io.capsulemq.broker.engine.client.ProducerRegistry;
import io.capsulemq.broker.engine.client.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ClientRegistriesTest {
    private static ConsumerRegistration registration(String group, String topic) {
        return new ConsumerRegistration(group, MessageModel.CLUSTERING, ConsumeType.PUSH,
                Map.of(topic, Subscription.all(topic)));
    }

    @Test
    void shouldTellMembersWhenSomeoneJoinsOrLeaves() {
        ConsumerRegistry registry = new ConsumerRegistry(new ManualClock(), Duration.ofSeconds(120));
        RecordingClient a = new RecordingClient("a");
        RecordingClient b = new RecordingClient("b");
        registry.heartbeat(a, registration("g", "t"));
        registry.heartbeat(a, registration("g", "t"));
        assertEquals(List.of("g"), a.notices, "a repeated heartbeat is no change");
        registry.heartbeat(b, registration("g", "t"));
        assertEquals(List.of("a", "b"), registry.memberIds("g"));
        assertEquals(List.of("g", "g"), a.notices);
        registry.unregister("g", "b");
        assertEquals(List.of("a"), registry.memberIds("g"));
        assertEquals(3, a.notices.size());
    }

    @Test
    void shouldDropSilentOrDisconnectedMembersAndTellTheRest() {
        ManualClock clock = new ManualClock();
        ConsumerRegistry registry = new ConsumerRegistry(clock, Duration.ofSeconds(120));
        RecordingClient a = new RecordingClient("a");
        RecordingClient b = new RecordingClient("b");
        RecordingClient c = new RecordingClient("c");
        registry.heartbeat(a, registration("g", "t"));
        registry.heartbeat(b, registration("g", "t"));
        registry.heartbeat(c, registration("g", "t"));
        clock.advance(Duration.ofSeconds(100));
        registry.heartbeat(a, registration("g", "t"));
        registry.heartbeat(c, registration("g", "t"));
        c.active = false;
        clock.advance(Duration.ofSeconds(30));
        int before = a.notices.size();
        assertEquals(2, registry.expireSilent());
        assertEquals(List.of("a"), registry.memberIds("g"));
        assertEquals(before + 1, a.notices.size());
    }

    @Test
    void shouldRebalanceWhenAMembersSubscriptionChanges() {
        ConsumerRegistry registry = new ConsumerRegistry(new ManualClock(), Duration.ofSeconds(120));
        RecordingClient a = new RecordingClient("a");
        registry.heartbeat(a, registration("g", "t"));
        registry.heartbeat(a, registration("g", "u"));
        assertEquals(2, a.notices.size());
        assertEquals("u", registry.subscription("g", "u").orElseThrow().topic());
    }

    @Test
    void shouldRefuseAMalformedFilterAtSubscribeTimeNamingThePosition() {
        var e = assertThrows(io.capsulemq.broker.engine.filter.FilterSyntaxException.class,
                () -> new Subscription("t", io.capsulemq.broker.engine.filter.FilterType.SQL92, "a >"));
        assertEquals(4, e.position());
        assertTrue(e.getMessage().contains("position 4"), e.getMessage());
    }

    @Test
    void shouldOfferOnlyLiveProducersForCheckBacks() {
        ManualClock clock = new ManualClock();
        ProducerRegistry registry = new ProducerRegistry(clock, Duration.ofSeconds(120));
        RecordingClient a = new RecordingClient("a");
        RecordingClient b = new RecordingClient("b");
        registry.heartbeat("pg", a);
        registry.heartbeat("pg", b);
        b.active = false;
        assertEquals("a", registry.anyLive("pg").orElseThrow().clientId());
        clock.advance(Duration.ofSeconds(121));
        assertTrue(registry.anyLive("pg").isEmpty());
        assertTrue(registry.anyLive("unknown").isEmpty());
    }
}
