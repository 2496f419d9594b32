package io.capsulemq.client.consumer.push;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.local.LocalGateway;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.producer.Producer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link PushConsumerCrashTest} kills: over an embedded broker ({@code local:<dir>?...}, one queue per
 * topic, synchronous flush) a push consumer with one thread consumes the first half of the messages a producer sent
 * and hangs on the next one. Once its group's offset stands at the first unconsumed message and the broker had time
 * to write it, it says {@code READY} and waits to be killed. Arguments: endpoint topic group count.
 */
public final class CrashingConsumer {
    private CrashingConsumer() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String topic = args[1];
        String group = args[2];
        int count = Integer.parseInt(args[3]);
        int half = count / 2;
        ClientConfiguration configuration = ClientConfiguration.newBuilder().setEndpoints(endpoint).build();
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        CountDownLatch firstHalf = new CountDownLatch(half);
        CountDownLatch never = new CountDownLatch(1);
        provider.newPushConsumerBuilder().setClientConfiguration(configuration).setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).setConsumptionThreadCount(1)
                .setMessageListener(view -> {
                    int n = Integer.parseInt(StandardCharsets.UTF_8.decode(view.getBody()).toString());
                    if (n >= half) {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return ConsumeResult.FAILURE;
                    }
                    firstHalf.countDown();
                    return ConsumeResult.SUCCESS;
                }).build();
        try (Producer producer = provider.newProducerBuilder().setClientConfiguration(configuration).build()) {
            for (int i = 0; i < count; i++) {
                producer.send(provider.newMessageBuilder().setTopic(topic)
                        .setBody(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).build());
            }
        }
        if (!firstHalf.await(60, TimeUnit.SECONDS)) {
            System.exit(2);
        }
        try (GatewayLease lease = CapsuleEndpoints.open(endpoint)) {
            Broker broker = ((LocalGateway) lease.gateway()).broker();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (broker.offsets().committed(group, topic, 0).orElse(-1) != half) {
                if (System.nanoTime() > deadline) {
                    System.exit(3);
                }
                Thread.sleep(50);
            }
            // Ten times the broker's offset-writing interval the test sets, so the offset is on disk.
            Thread.sleep(10 * broker.config().offsetPersistInterval().toMillis());
        }
        // Standard output is this program's only report to the test that runs it.
        System.out.println("READY");
        System.out.flush();
        never.await();
    }
}
