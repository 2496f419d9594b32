package io.capsulemq.it.standalone;

import io.capsulemq.peers.CapsuleStandalone;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar capsule-broker.jar -c broker.conf} as an operator runs it: it says where it listens, reports keys
 * it does not know, refuses a bad value naming it, and a SIGTERM stops it cleanly (the next start finds the store
 * shut down cleanly and every acknowledged message in it).
 */
class StandaloneBrokerProcessTest {

    @TempDir
    Path home;

    @Test
    void shouldSayWhereItListensReportUnknownKeysAndStopCleanlyOnSigterm() throws Exception {
        Map<String, String> conf = Map.of("brokerName", "broker-x", "flushDiskType", "SYNC_FLUSH",
                "someKeyCapsuleDoesNotKnow", "42");
        String topic = "standalone-" + UUID.randomUUID().toString().substring(0, 8);
        String log;
        try (CapsuleStandalone broker = CapsuleStandalone.start(home, conf, "256m")) {
            log = Files.readString(broker.process().log(), StandardCharsets.UTF_8);
            assertTrue(log.contains("unknown key someKeyCapsuleDoesNotKnow is ignored"), log);
            assertTrue(log.contains("broker broker-x") && log.contains(broker.brokerAddress())
                    && log.contains("NameServer at " + broker.nameServerAddress()), log);
            DefaultMQProducer producer = new DefaultMQProducer("standalone-producers");
            producer.setNamesrvAddr(broker.nameServerAddress());
            producer.setInstanceName(UUID.randomUUID().toString());
            producer.start();
            try {
                for (int i = 0; i < 10; i++) {
                    Message message = new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8));
                    assertEquals(SendStatus.SEND_OK, producer.send(message).getSendStatus());
                }
            } finally {
                producer.shutdown();
            }
        }
        Files.move(home.resolve("broker.log"), home.resolve("first-run.log"));

        try (CapsuleStandalone again = CapsuleStandalone.start(home, conf, "256m")) {
            String second = Files.readString(again.process().log(), StandardCharsets.UTF_8);
            assertTrue(second.contains("opened after a clean shutdown"), "SIGTERM left a clean store:\n" + second);
        }
    }

    @Test
    void shouldRefuseToStartOnABadValueNamingTheKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CapsuleStandalone.start(home, Map.of("fileReservedTime", "three days"), "256m"));
        assertTrue(refused.getMessage().contains("fileReservedTime") && refused.getMessage().contains("three days"),
                refused.getMessage());
    }
}
