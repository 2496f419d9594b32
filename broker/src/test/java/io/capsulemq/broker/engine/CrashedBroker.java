package io.capsulemq.broker.engine;

import io.capsulemq.broker.engine.topic.MessageType;
import io.capsulemq.broker.engine.topic.Permission;
import io.capsulemq.broker.engine.topic.TopicConfig;
import io.capsulemq.broker.store.FlushMode;
import io.capsulemq.broker.store.MessageToStore;
import io.capsulemq.broker.store.TestStores;
import io.capsulemq.broker.store.message.MessageProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The broker process {@link EngineCrashProcessTest} kills: it creates a topic, sends messages, commits and writes
 * a group's offset, sends a timed message and a half message, says what it did on standard output, then waits to
 * be killed with SIGKILL.
 */
public final class CrashedBroker {
    static final String TOPIC = "crash-topic";
    static final String GROUP = "crash-group";
    static final String PRODUCER_GROUP = "crash-producers";

    private CrashedBroker() {
    }

    static BrokerConfig config(Path dir) {
        return BrokerConfig.builder(TestStores.smallConfig(dir).flushMode(FlushMode.SYNC).build())
                .offsetPersistInterval(Duration.ofHours(1))
                .transactionCheckInterval(Duration.ofMillis(300))
                .transactionTimeout(Duration.ofMillis(300))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long timedDelayMillis = Long.parseLong(args[1]);
        Broker broker = Broker.start(config(dir));
        broker.topics().createOrUpdate(new TopicConfig(TOPIC, 2, 2, Permission.READ_WRITE, MessageType.MIXED));
        for (int i = 0; i < 10; i++) {
            broker.sender().send(MessageToStore.builder(TOPIC, 0).body(new byte[] {(byte) i}).build()).join();
        }
        broker.offsets().commit(GROUP, TOPIC, 0, 4);
        broker.offsets().persist();
        System.out.println("PERSISTED 4");
        // Committed but never written: a crash may lose it, and the group then sees messages 4 to 6 again.
        broker.offsets().commit(GROUP, TOPIC, 0, 7);
        long due = System.currentTimeMillis() + timedDelayMillis;
        var timed = broker.sender().send(MessageToStore.builder(TOPIC, 1)
                .property(MessageProperties.DELIVER_TIME_MS, Long.toString(due)).build()).join();
        System.out.println("TIMED " + timed.messageId() + " " + due);
        var half = broker.sender().send(MessageToStore.builder(TOPIC, 1)
                .property(MessageProperties.TRANSACTION_PREPARED, "true")
                .property(MessageProperties.PRODUCER_GROUP, PRODUCER_GROUP).build()).join();
        System.out.println("HALF " + half.messageId() + " " + half.commitLogOffset());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
