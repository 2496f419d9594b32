package io.capsulemq.client.message;

import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageBuilderTest {
    private final ClientServiceProvider provider = ClientServiceProvider.loadService();

    private MessageBuilder builder() {
        return provider.newMessageBuilder();
    }

    @Test
    void shouldBeFoundByTheServiceLoader() {
        assertTrue(provider instanceof io.capsulemq.client.CapsuleClientServiceProvider);
    }

    @Test
    void shouldBuildAMessageWithEverythingSet() {
        Message m = builder().setTopic("orders").setBody("hello".getBytes(StandardCharsets.UTF_8)).setTag("created")
                .setKeys("k1", "k2").setMessageGroup("customer-7").addProperty("region", "eu").build();
        assertEquals("orders", m.getTopic());
        assertEquals("hello", StandardCharsets.UTF_8.decode(m.getBody()).toString());
        assertEquals(Optional.of("created"), m.getTag());
        assertEquals(List.of("k1", "k2"), List.copyOf(m.getKeys()));
        assertEquals(Optional.of("customer-7"), m.getMessageGroup());
        assertEquals(Map.of("region", "eu"), m.getProperties());
        assertEquals(Optional.empty(), m.getDeliveryTimestamp());
    }

    @Test
    void shouldCopyTheBodyAndShowItReadOnly() {
        byte[] body = {1, 2, 3};
        Message m = builder().setTopic("t").setBody(body).build();
        body[0] = 9;
        ByteBuffer buffer = m.getBody();
        assertEquals(1, buffer.get(0));
        assertThrows(ReadOnlyBufferException.class, () -> buffer.put(0, (byte) 5));
    }

    @Test
    void shouldRefuseWhatTheRocketMqClientRefuses() {
        assertMessage("tag should not contain", assertThrows(IllegalArgumentException.class,
                () -> builder().setTag("a|b")));
        assertMessage("tag should not be blank", assertThrows(IllegalArgumentException.class,
                () -> builder().setTag(" ")));
        assertMessage("key should not be blank", assertThrows(IllegalArgumentException.class,
                () -> builder().setKeys("ok", "")));
        assertMessage("topic 'bad topic' does not match", assertThrows(IllegalArgumentException.class,
                () -> builder().setTopic("bad topic")));
        assertMessage("body should not be null", assertThrows(NullPointerException.class,
                () -> builder().setBody(null)));
        assertMessage("messageGroup and deliveryTimestamp", assertThrows(IllegalArgumentException.class,
                () -> builder().setDeliveryTimestamp(System.currentTimeMillis()).setMessageGroup("g")));
        assertMessage("deliveryTimestamp and messageGroup", assertThrows(IllegalArgumentException.class,
                () -> builder().setMessageGroup("g").setDeliveryTimestamp(System.currentTimeMillis())));
        assertMessage("topic has not been set", assertThrows(NullPointerException.class,
                () -> builder().setBody(new byte[1]).build()));
        assertMessage("body has not been set", assertThrows(NullPointerException.class,
                () -> builder().setTopic("t").build()));
    }

    @Test
    void shouldRefuseRocketMqsOwnPropertyNames() {
        assertMessage("TAGS is reserved", assertThrows(IllegalArgumentException.class,
                () -> builder().addProperty("TAGS", "x")));
        assertMessage("UNIQ_KEY is reserved", assertThrows(IllegalArgumentException.class,
                () -> builder().addProperty("UNIQ_KEY", "x")));
    }

    private static void assertMessage(String expected, Throwable thrown) {
        assertTrue(thrown.getMessage().contains(expected), () -> "expected '" + expected + "' in: "
                + thrown.getMessage());
    }
}
