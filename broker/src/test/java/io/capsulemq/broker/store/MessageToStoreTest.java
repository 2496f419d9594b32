package io.capsulemq.broker.store;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A built message keeps the properties it was built with, whatever its builder or the caller's map do next. */
class MessageToStoreTest {

    @Test
    void shouldNotChangeABuiltMessageWhenItsBuilderGoesOn() {
        MessageToStore.Builder builder = MessageToStore.builder("t", 0).property("a", "1").property("b", "2");
        MessageToStore first = builder.build();
        MessageToStore second = builder.property("c", "3").removeProperty("a").build();
        assertEquals("{a=1, b=2}", first.properties().toString());
        assertEquals("{b=2, c=3}", second.properties().toString());
        assertEquals("a\u00011\u0002b\u00012\u0002", new String(first.encodedProperties()));
    }

    @Test
    void shouldNotLetTheCallersMapChangeTheMessage() {
        Map<String, String> properties = new LinkedHashMap<>(Map.of("a", "1"));
        MessageToStore message = MessageToStore.builder("t", 0).properties(properties).build();
        properties.put("b", "2");
        assertEquals(Map.of("a", "1"), message.properties());
        assertThrows(UnsupportedOperationException.class, () -> message.properties().put("c", "3"));
    }

    @Test
    void shouldCopyPropertiesToAnotherAddressWithoutSharingChanges() {
        MessageToStore original = MessageToStore.builder("t", 0).property("a", "1").build();
        MessageToStore moved = original.copyTo("u", 1).property("a", "2").build();
        assertEquals("1", original.properties().get("a"));
        assertEquals("2", moved.properties().get("a"));
    }
}
