package io.capsulemq.rar.inbound;

import io.capsulemq.broker.engine.group.ConsumeFrom;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteConsumerSetupTest {
    @Test
    void shouldRefuseAStartFromTheFirstOffsetWhichARemoteGroupCannotSayNamingTheProperty() {
        ActivationSettings settings = new ActivationSettings("orders", "billing", FilterExpression.SUB_ALL,
                ConsumeMode.CONCURRENT, 16, 20, 1024, ConsumeFrom.FIRST_OFFSET);
        // No gateway: the property is refused before anything is asked of the brokers.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RemoteConsumerSetup(null).prepare(settings, Set.of("orders")));
        assertTrue(e.getMessage().startsWith("consumeFrom: FIRST_OFFSET") && e.getMessage().contains("LAST_OFFSET"),
                e.getMessage());
    }
}
