package io.capsulemq.client.endpoint;

import io.capsulemq.broker.engine.BrokerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerSettingsTest {
    @Test
    void shouldReadARetryBackOffOfSeveralDurations() {
        BrokerConfig config = BrokerSettings.config("test", Path.of("/tmp/x"),
                Map.of("retryBackoff", "500ms, 2s,1m"));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(1)),
                config.retryBackoff());
    }

    @Test
    void shouldNameTheRetryBackOffWhenADelayIsMalformed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.config("test", Path.of("/tmp/x"), Map.of("retryBackoff", "1s,soon")));
        assertTrue(e.getMessage().contains("retryBackoff") && e.getMessage().contains("soon"), e.getMessage());
    }
}
