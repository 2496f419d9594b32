package io.capsulemq.broker.engine.filter;

import io.capsulemq.broker.store.StoredMessage;
import io.capsulemq.broker.store.message.MessageProperties;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** Stored messages and property maps for filter tests. */
final class TestMessages {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    private TestMessages() {
    }

    /** Properties from alternating names and values. */
    static Map<String, String> props(String... namesAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    static StoredMessage message(Map<String, String> properties) {
        return new StoredMessage("TopicTest", 0, 0, 0, 0, 0, 0, 0, HOST, 0, HOST, 0, 0, new byte[0], properties);
    }

    /** A message with this tag, or untagged when null. */
    static StoredMessage tagged(String tag) {
        return message(tag == null ? props() : props(MessageProperties.TAGS, tag));
    }
}
