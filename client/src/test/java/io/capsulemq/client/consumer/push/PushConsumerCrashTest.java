package io.capsulemq.client.consumer.push;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.client.Await;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.local.LocalGateway;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A push consumer's progress through a real SIGKILL of the JVM holding it and its embedded broker: every message
 * sent under synchronous flush is still there, the group's offset is where the consumer committed it (the first
 * message it had not consumed), and the group resumes there: nothing it had not consumed is lost, nothing it had
 * consumed and committed comes again.
 */
class PushConsumerCrashTest {
    private static final int COUNT = 20;
    private static final String SETTINGS = "commitLogSegmentSize=4m&maxMessageSize=256k"
            + "&consumeQueueEntriesPerSegment=1024&indexHashSlots=1024&indexEntriesPerFile=4096&minFreeBytes=0"
            + "&diskFullRatio=1.0&diskMaxUsedRatio=1.0&flushDiskType=SYNC_FLUSH&defaultTopicQueueNums=1"
            + "&offsetPersistInterval=100ms";

    @Test
    void shouldResumeAtTheCommittedOffsetAfterTheConsumersJvmWasKilled(@TempDir Path dir) throws Exception {
        String endpoint = "local:" + dir + "?" + SETTINGS;
        runAndKill(endpoint);

        try (GatewayLease lease = CapsuleEndpoints.open(endpoint)) {
            Broker broker = ((LocalGateway) lease.gateway()).broker();
            assertEquals(COUNT, broker.store().maxOffset("crashed", 0), "every acknowledged send survived");
            assertEquals(COUNT / 2, broker.offsets().committed("crash-group", "crashed", 0).orElse(-1),
                    "the group's offset survived at the first unconsumed message");

            List<Integer> again = new CopyOnWriteArrayList<>();
            try (PushConsumer consumer = ClientServiceProvider.loadService().newPushConsumerBuilder()
                    .setClientConfiguration(ClientConfiguration.newBuilder().setEndpoints(endpoint).build())
                    .setConsumerGroup("crash-group")
                    .setSubscriptionExpressions(Map.of("crashed", FilterExpression.SUB_ALL))
                    .setMessageListener(view -> {
                        again.add(Integer.parseInt(StandardCharsets.UTF_8.decode(view.getBody()).toString()));
                        return ConsumeResult.SUCCESS;
                    }).build()) {
                Await.until(Duration.ofSeconds(30), () -> again.size() >= COUNT / 2, "the rest arrives");
                Await.quietFor(Duration.ofMillis(500));
            }
            assertEquals(IntStream.range(COUNT / 2, COUNT).boxed().toList(), again.stream().sorted().toList(),
                    "the unconsumed half, each once, and none of the consumed half");
        }
    }

    private static void runAndKill(String endpoint) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashingConsumer.class.getName(),
                endpoint, "crashed", "crash-group", Integer.toString(COUNT))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("READY", line, "the consumer process did not get ready (exit "
                    + (p.waitFor(1, TimeUnit.SECONDS) ? p.exitValue() : "none yet") + ")");
            p.toHandle().destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the consumer process did not die");
        assertEquals(137, p.exitValue(), "the consumer process should have died of SIGKILL");
    }
}
