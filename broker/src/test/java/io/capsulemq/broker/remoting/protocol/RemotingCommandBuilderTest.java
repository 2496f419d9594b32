package io.capsulemq.broker.remoting.protocol;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The builder shares extFields between commands instead of copying them; no command may see another's changes. */
class RemotingCommandBuilderTest {

    @Test
    void shouldNotChangeABuiltCommandWhenItsBuilderGoesOn() {
        RemotingCommand.Builder builder = RemotingCommand.request(1).extField("a", "1");
        RemotingCommand first = builder.build();
        RemotingCommand second = builder.extField("b", "2").extField("a", null).build();
        assertEquals(Map.of("a", "1"), first.extFields());
        assertEquals(Map.of("b", "2"), second.extFields());
    }

    @Test
    void shouldNotChangeTheOriginalThroughItsCopysBuilder() {
        RemotingCommand original = RemotingCommand.request(1).extField("a", "1").extField("b", "2").build();
        RemotingCommand changed = original.toBuilder().extField("a", "one").extField("c", "3").build();
        RemotingCommand removed = original.toBuilder().extField("b", null).build();
        assertEquals("{a=1, b=2}", original.extFields().toString());
        assertEquals("{a=one, b=2, c=3}", changed.extFields().toString());
        assertEquals("{a=1}", removed.extFields().toString());
    }

    @Test
    void shouldKeepFieldsOfACopyUnmodifiable() {
        RemotingCommand copy = RemotingCommand.request(1).extField("a", "1").build().toBuilder().opaque(5).build();
        assertThrows(UnsupportedOperationException.class, () -> copy.extFields().put("b", "2"));
        assertThrows(UnsupportedOperationException.class, () -> copy.extFields().remove("a"));
    }

    @Test
    void shouldNotLetTheCallersMapChangeTheCommand() {
        java.util.LinkedHashMap<String, String> fields = new java.util.LinkedHashMap<>(Map.of("a", "1"));
        RemotingCommand command = RemotingCommand.request(1).extFields(fields).build();
        fields.put("b", "2");
        assertEquals(Map.of("a", "1"), command.extFields());
    }
}
