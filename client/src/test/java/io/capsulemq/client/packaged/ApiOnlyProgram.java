package io.capsulemq.client.packaged;

import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A program written against rocketmq-client-apis alone, run by {@link ClientPackagedJarTest} in a JVM whose class
 * path is this class and capsule-client.jar, nothing else. It sends a message, receives it with a push consumer
 * (filtering by tag), closes everything and returns: the JVM must then exit by itself. Exit code 2 means the
 * message did not come back.
 */
public final class ApiOnlyProgram {
    private ApiOnlyProgram() {
    }

    public static void main(String[] args) throws Exception {
        ClientConfiguration configuration = ClientConfiguration.newBuilder().setEndpoints(args[0]).build();
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        AtomicReference<String> received = new AtomicReference<>();
        CountDownLatch arrived = new CountDownLatch(1);
        PushConsumer consumer = provider.newPushConsumerBuilder().setClientConfiguration(configuration)
                .setConsumerGroup("api-only-group")
                .setSubscriptionExpressions(Map.of("api-only", new FilterExpression("wanted", FilterExpressionType.TAG)))
                .setMessageListener(view -> {
                    received.set(StandardCharsets.UTF_8.decode(view.getBody()) + " tag=" + view.getTag().orElse(""));
                    arrived.countDown();
                    return ConsumeResult.SUCCESS;
                }).build();
        SendReceipt receipt;
        try (Producer producer = provider.newProducerBuilder().setClientConfiguration(configuration)
                .setTopics("api-only").build()) {
            receipt = producer.send(provider.newMessageBuilder().setTopic("api-only").setTag("wanted")
                    .setBody("hello from the jar".getBytes(StandardCharsets.UTF_8)).build());
        }
        boolean ok = arrived.await(60, TimeUnit.SECONDS);
        consumer.close();
        String line = ok ? "received " + receipt.getMessageId() + ": " + received.get() : "nothing received";
        // Standard output is this program's only report to the test that runs it.
        System.out.println(line);
        if (!ok) {
            System.exit(2);
        }
    }
}
