package io.capsulemq.bench.fuzz;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real Apache RocketMQ client (5.5.0) going about its business on connections of its own while the fuzzer
 * runs: one producer sending synchronously, one push consumer receiving, on a topic and groups whose names the
 * fuzzer never uses. It must see every message it sent, and no send may fail (the producer does not retry, so a
 * failure shows).
 */
final class WellFormedClient implements AutoCloseable {
    /** A hang guard for one send: a broker that works answers in milliseconds, even under the fuzzer's load. */
    private static final int SEND_TIMEOUT_MILLIS = 30_000;

    /** What the client saw. */
    record Result(long sent, long received, long sendFailures, List<String> failureExamples, long missing) {
        boolean unaffected() {
            return sendFailures == 0 && missing == 0 && sent > 0;
        }

        String summary() {
            return String.format("%,d sent, %,d distinct received, %,d send failures, %,d missing", sent, received,
                    sendFailures, missing);
        }
    }

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "fuzz-client-" + suffix;
    private final DefaultMQAdminExt admin = new DefaultMQAdminExt();
    private final DefaultMQProducer producer = new DefaultMQProducer("fuzz-client-producer-" + suffix);
    private final DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("fuzz-client-consumer-" + suffix);
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final List<String> failureExamples = new ArrayList<>();
    private final Duration interval;
    private final Thread sender;
    private volatile boolean sending = true;

    private WellFormedClient(String nameServer, Duration interval) {
        this.interval = interval;
        for (var client : List.of(admin, producer, consumer)) {
            client.setNamesrvAddr(nameServer);
            client.setInstanceName("fuzz-client-" + UUID.randomUUID());
        }
        producer.setRetryTimesWhenSendFailed(0);
        producer.setSendMsgTimeout(SEND_TIMEOUT_MILLIS);
        this.sender = new Thread(this::sendUntilStopped, "fuzz-well-formed-sender");
    }

    /** Creates the client's topic, starts the consumer and producer, and starts sending every {@code interval}. */
    static WellFormedClient start(String nameServer, Duration interval) throws Exception {
        WellFormedClient client = new WellFormedClient(nameServer, interval);
        try {
            client.admin.start();
            client.createTopic();
            client.consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            client.consumer.subscribe(client.topic, "*");
            client.consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
                for (MessageExt message : messages) {
                    client.received.add(new String(message.getBody(), StandardCharsets.UTF_8));
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            client.consumer.start();
            client.producer.start();
            client.sender.start();
            return client;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    private void createTopic() throws Exception {
        for (BrokerData broker : admin.examineBrokerClusterInfo().getBrokerAddrTable().values()) {
            admin.createAndUpdateTopicConfig(broker.selectBrokerAddr(), new TopicConfig(topic, 4, 4));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (!admin.examineTopicRouteInfo(topic).getQueueDatas().isEmpty()) {
                    return;
                }
            } catch (Exception notRoutedYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " was not routed within 60 s", notRoutedYet);
                }
            }
            Thread.sleep(100);
        }
    }

    private void sendUntilStopped() {
        long n = 0;
        while (sending) {
            String body = "m-" + n++;
            try {
                SendResult result = producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)));
                if (result.getSendStatus() == SendStatus.SEND_OK) {
                    sent.add(body);
                } else {
                    failed(body + ": " + result.getSendStatus());
                }
            } catch (Exception e) {
                failed(body + ": " + e);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void failed(String example) {
        failures.incrementAndGet();
        synchronized (failureExamples) {
            if (failureExamples.size() < 5) {
                failureExamples.add(FuzzStats.abbreviate(example));
            }
        }
    }

    long sentSoFar() {
        return sent.size();
    }

    /** Stops sending and waits up to {@code patience} for every message sent to be received. */
    Result finish(Duration patience) throws InterruptedException {
        sending = false;
        sender.join(SEND_TIMEOUT_MILLIS * 2L);
        long deadline = System.nanoTime() + patience.toNanos();
        while (!received.containsAll(sent) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long missing = sent.stream().filter(body -> !received.contains(body)).count();
        synchronized (failureExamples) {
            return new Result(sent.size(), received.size(), failures.get(), List.copyOf(failureExamples), missing);
        }
    }

    /**
     * Whether, asked afresh once every fuzzing connection is closed, the NameServer still routes the client's topic,
     * each broker of that route still answers an admin request, and the NameServer lists no other broker (whatever
     * the fuzzer registered went with its connection); empty when so, else what is wrong.
     */
    Optional<String> servingProblem() throws InterruptedException {
        try {
            TopicRouteData route = admin.examineTopicRouteInfo(topic);
            if (route.getQueueDatas().isEmpty() || route.getBrokerDatas().isEmpty()) {
                return Optional.of("the NameServer no longer routes " + topic);
            }
            Set<String> ours = new TreeSet<>();
            for (BrokerData broker : route.getBrokerDatas()) {
                ours.add(broker.getBrokerName());
                String address = broker.selectBrokerAddr();
                if (admin.fetchBrokerRuntimeStats(address).getTable().isEmpty()) {
                    return Optional.of("broker " + broker.getBrokerName() + " at " + address
                            + " answers no runtime information");
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                Set<String> listed = new TreeSet<>(admin.examineBrokerClusterInfo().getBrokerAddrTable()
                        .keySet());
                if (listed.equals(ours)) {
                    return Optional.empty();
                }
                if (System.nanoTime() > deadline) {
                    return Optional.of("the NameServer lists brokers " + listed + " where only " + ours
                            + " is left");
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return Optional.of(FuzzStats.abbreviate(e.toString()));
        }
    }

    @Override
    public void close() {
        sending = false;
        sender.interrupt();
        producer.shutdown();
        consumer.shutdown();
        admin.shutdown();
    }
}
