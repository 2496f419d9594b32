package io.capsulemq.bench.engine;

import io.capsulemq.bench.store.BenchMessages;
import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerConfig;
import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.DefaultMessageStore;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.StoreConfig;
import io.capsulemq.broker.store.commitlog.RecordCodec;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.broker.store.message.UniqueIdGenerator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the engine benchmarks share: the same store settings on both sides, the topic, and how a broker is started
 * for a run.
 *
 * <p>Both sides write the same records: a {@value #BODY_SIZE}-byte body and a {@code UNIQ_KEY} property. The engine
 * gives every message such an id when it has none (and producers such as RocketMQ's client set one themselves), and
 * the store indexes it; so the store side is handed messages that already carry an id of the same length, made by
 * the same generator. Otherwise the engine would write bigger records and index more than its peer, and the ratio
 * would mix that in with the engine's own work.
 */
public final class EngineSetup {
    /** Body size of every message, in bytes (1 KiB). */
    public static final int BODY_SIZE = 1024;
    /** The topic, with {@link #QUEUES} read and write queues, created before anything is sent. */
    public static final String TOPIC = BenchMessages.TOPIC;
    public static final int QUEUES = BenchMessages.QUEUES;
    /** Messages in one batch, for the batch variants and for filling the topic the consumers read. */
    public static final int BATCH = 32;
    /** Messages per pull or get. */
    public static final int PULL_SIZE = 32;
    /** The consumer group whose offsets the engine consumers commit. */
    public static final String GROUP = "bench-consumer";

    /** Keeps the INFO lines of the store and broker (one per open and close) out of the output. */
    private static final Logger QUIET = Logger.getLogger("io.capsulemq");

    private EngineSetup() {
    }

    public static void quiet() {
        QUIET.setLevel(Level.WARNING);
    }

    /** The store settings of both sides: those of the store benchmark, asynchronous flush. */
    public static StoreConfig storeConfig(Path dir) {
        return StoreConfig.builder(dir)
                .commitLogSegmentSize(BenchMessages.SEGMENT_SIZE)
                .flushMode(FlushMode.ASYNC)
                // No retention work during a run: nothing expires, and space is checked by the runner.
                .fileReservedTime(Duration.ofDays(365))
                .diskMaxUsedRatio(1.0)
                .build();
    }

    public static DefaultMessageStore openStore(Path dir) {
        return DefaultMessageStore.open(storeConfig(dir));
    }

    /** A broker on {@link #storeConfig} with the topic created up front; no topic is created on first send. */
    public static Broker startBroker(Path dir) {
        Broker broker = Broker.start(BrokerConfig.builder(storeConfig(dir)).autoCreateTopicEnable(false).build());
        try {
            broker.topics().createOrUpdate(TopicConfig.of(TOPIC, QUEUES, MessageType.NORMAL));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code count} distinct unique ids from the generator the engine itself uses, so of the engine's length. */
    public static String[] uniqueIds(int count) {
        UniqueIdGenerator generator = new UniqueIdGenerator();
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = generator.next();
        }
        return ids;
    }

    /** A message as a producer hands it over, with or without its unique id. */
    public static MessageToStore message(int queueId, byte[] body, String uniqueId) {
        MessageToStore.Builder b = MessageToStore.builder(TOPIC, queueId).body(body);
        if (uniqueId != null) {
            b.property(MessageProperties.UNIQUE_KEY, uniqueId);
        }
        return b.build();
    }

    /** Bytes each message takes in the commit log, on both sides. */
    public static int recordSize() {
        return RecordCodec.encodedLength(message(0, new byte[BODY_SIZE], uniqueIds(1)[0]));
    }
}
