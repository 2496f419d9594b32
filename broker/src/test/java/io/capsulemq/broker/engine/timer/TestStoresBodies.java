package io.capsulemq.broker.engine.timer;

import io.capsulemq.broker.store.StoredMessage;

import java.nio.charset.StandardCharsets;

/** Message bodies as text. */
final class TestStoresBodies {
    private TestStoresBodies() {
    }

    static String text(StoredMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }
}
