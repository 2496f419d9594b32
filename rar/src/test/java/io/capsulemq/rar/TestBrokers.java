package io.capsulemq.rar;

import java.nio.file.Path;

/** Small embedded brokers for tests: small files, so a test does not write hundreds of megabytes. */
public final class TestBrokers {
    /** Store sizes for tests (the defaults are RocketMQ's: 1 GiB segments, 420 MB index files). */
    public static final String SMALL = "commitLogSegmentSize=8m&consumeQueueEntriesPerSegment=10000"
            + "&indexHashSlots=1000&indexEntriesPerFile=4000";

    private TestBrokers() {
    }

    public static AdapterSettings settings(Path dir, String name) {
        return AdapterSettings.of("embedded", dir.toString(), "ASYNC_FLUSH", name, ListenerProperties.NONE, "",
                "200ms", SMALL);
    }

    public static EmbeddedBroker start(Path dir, String name) {
        return EmbeddedBroker.start(settings(dir, name));
    }
}
