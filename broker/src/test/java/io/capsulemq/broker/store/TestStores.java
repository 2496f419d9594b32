package io.capsulemq.broker.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Small stores and messages for tests: segments small enough that tests cross their boundaries. */
public final class TestStores {
    public static final int SMALL_SEGMENT = 256 * 1024;
    public static final int SMALL_MAX_MESSAGE = 16 * 1024;

    private TestStores() {
    }

    public static StoreConfig.Builder smallConfig(Path dir) {
        return StoreConfig.builder(dir)
                .commitLogSegmentSize(SMALL_SEGMENT)
                .maxMessageSize(SMALL_MAX_MESSAGE)
                .consumeQueueEntriesPerSegment(64)
                .indexHashSlots(64)
                .indexEntriesPerFile(256)
                .minFreeBytes(0)
                .diskFullRatio(1.0)
                .diskMaxUsedRatio(1.0)
                .cleanInterval(Duration.ofHours(1));
    }

    public static DefaultMessageStore open(StoreConfig.Builder config) {
        return DefaultMessageStore.open(config.build());
    }

    public static MessageToStore message(String topic, int queueId, String body) {
        return MessageToStore.builder(topic, queueId).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    public static String body(StoredMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    /** A deterministic body of {@code size} bytes for message {@code seq}, checkable without a copy of it. */
    public static byte[] patternBody(long seq, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seq * 31 + i * 7);
        }
        return b;
    }

    /**
     * Waits for the dispatcher to catch up. The bound only guards against a hang: creating thousands of queue files
     * is file-system bound and a slow CI disk needs many times what a laptop does.
     */
    public static void awaitDispatched(DefaultMessageStore store) {
        if (!store.awaitDispatched(Duration.ofSeconds(120))) {
            throw new AssertionError("dispatch did not catch up within 120 s");
        }
    }
}
