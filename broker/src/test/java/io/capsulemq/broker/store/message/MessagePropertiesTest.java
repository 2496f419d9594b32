package io.capsulemq.broker.store.message;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MessagePropertiesTest {

    @Test
    void shouldFindWhatDecodingFinds() {
        List<String> encoded = List.of(
                "",
                "KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001AC110001\u0002",
                "UNIQ_KEY\u0001first\u0002UNIQ_KEY\u0001last\u0002",
                "UNIQ_KEY\u0001no trailing separator",
                "XUNIQ_KEY\u0001not it\u0002UNIQ_KEYS\u0001nor this\u0002",
                "UNIQ_KEY\u0002KEYS\u0001\u0002\u0001orphan\u0002",
                "KEYS\u0001a\u0001b\u0002TAGS\u0001t\u0002",
                "\u0002\u0002UNIQ_KEY\u0001after empties\u0002");
        for (String properties : encoded) {
            for (String name : List.of(MessageProperties.UNIQUE_KEY, MessageProperties.KEYS, MessageProperties.TAGS)) {
                assertEquals(MessageProperties.decode(properties).get(name), MessageProperties.find(properties, name),
                        () -> name + " in " + properties.replace('\u0001', '=').replace('\u0002', ';'));
            }
        }
        assertNull(MessageProperties.find(null, MessageProperties.KEYS));
    }
}
