package io.capsulemq.client.message;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapsuleMessageIdTest {
    @Test
    void shouldMakeIdsInTheRocketMq5LayoutWithVersion01() {
        String id = MessageIdGenerator.instance().next();
        assertEquals(34, id.length());
        assertTrue(id.matches("01[0-9A-F]{32}"), id);
        assertEquals("01", new CapsuleMessageId(id).getVersion());
        assertEquals(id, new CapsuleMessageId(id).toString());
    }

    @Test
    void shouldMakeUniqueIds() {
        assertNotEquals(MessageIdGenerator.instance().next(), MessageIdGenerator.instance().next());
    }

    @Test
    void shouldCallRocketMq4IdsVersion00() {
        String v4 = "7F0000010D6A18B4AAC25E6CB0D40000";
        assertEquals("00", new CapsuleMessageId(v4).getVersion());
        assertEquals(v4, new CapsuleMessageId(v4).toString());
    }
}
