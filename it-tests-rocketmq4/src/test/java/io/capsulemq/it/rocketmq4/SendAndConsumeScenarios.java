package io.capsulemq.it.rocketmq4;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sending every way the 4.9 client sends, and consuming every way it consumes: push (concurrent and orderly),
 * broadcasting, tag and SQL92 filters.
 */
abstract class SendAndConsumeScenarios {

    private Rocketmq4Clients clients;

    abstract Target target();

    @BeforeEach
    void connect() {
        clients = new Rocketmq4Clients(target().nameServer());
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void syncAsyncOnewayAndBatchSendsAreAllConsumedWithTagsKeysAndPropertiesIntact() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("sends"), 4);
        Inbox inbox = new Inbox();
        clients.pushConsumer(Rocketmq4Clients.unique("group"), topic, MessageSelector.byTag("*"), inbox).start();
        DefaultMQProducer producer = clients.producer();

        for (int i = 0; i < 5; i++) {
            Message message = message(topic, "sync-" + i);
            message.setTags("TagS");
            message.setKeys("key-sync-" + i);
            message.putUserProperty("colour", "red");
            SendResult result = producer.send(message);
            assertEquals(SendStatus.SEND_OK, result.getSendStatus());
            assertFalse(result.getMsgId().isBlank());
            assertFalse(result.getOffsetMsgId().isBlank());
            assertEquals(topic, result.getMessageQueue().getTopic());
        }
        List<CompletableFuture<SendResult>> asyncResults = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<SendResult> done = new CompletableFuture<>();
            producer.send(message(topic, "async-" + i), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    done.complete(sendResult);
                }

                @Override
                public void onException(Throwable e) {
                    done.completeExceptionally(e);
                }
            });
            asyncResults.add(done);
        }
        for (CompletableFuture<SendResult> result : asyncResults) {
            assertEquals(SendStatus.SEND_OK, result.get().getSendStatus());
        }
        for (int i = 0; i < 5; i++) {
            producer.sendOneway(message(topic, "oneway-" + i));
        }
        List<Message> batch = IntStream.range(0, 5).mapToObj(i -> message(topic, "batch-" + i)).toList();
        assertEquals(SendStatus.SEND_OK, producer.send(batch).getSendStatus());

        List<MessageExt> received = inbox.await(20);
        Set<String> bodies = new HashSet<>(Inbox.bodies(received));
        for (String kind : List.of("sync", "async", "oneway", "batch")) {
            for (int i = 0; i < 5; i++) {
                assertTrue(bodies.contains(kind + "-" + i), kind + "-" + i + " missing from " + bodies);
            }
        }
        MessageExt sync = received.stream().filter(m -> Inbox.body(m).equals("sync-3")).findFirst().orElseThrow();
        assertEquals("TagS", sync.getTags());
        assertEquals("key-sync-3", sync.getKeys());
        assertEquals("red", sync.getUserProperty("colour"));
        assertEquals(topic, sync.getTopic());
    }

    @Test
    void orderlyConsumerSeesEachShardingKeyInSendOrder() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("orderly"), 4);
        DefaultMQProducer producer = clients.producer();
        int keys = 4;
        int perKey = 25;
        for (int i = 0; i < perKey; i++) {
            for (int key = 0; key < keys; key++) {
                SendResult result = producer.send(message(topic, key + ":" + i),
                        (queues, msg, arg) -> queues.get((Integer) arg % queues.size()), key);
                assertEquals(SendStatus.SEND_OK, result.getSendStatus());
            }
        }
        Map<String, List<Integer>> seen = new LinkedHashMap<>();
        Inbox inbox = new Inbox();
        DefaultMQPushConsumer consumer = clients.consumer(Rocketmq4Clients.unique("group"), topic,
                MessageSelector.byTag("*"));
        consumer.registerMessageListener((MessageListenerOrderly) (messages, context) -> {
            for (MessageExt message : messages) {
                String[] parts = Inbox.body(message).split(":");
                synchronized (seen) {
                    seen.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                }
            }
            inbox.addAll(messages);
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();

        inbox.await(keys * perKey);
        synchronized (seen) {
            assertEquals(keys, seen.size());
            for (List<Integer> order : seen.values()) {
                assertEquals(IntStream.range(0, perKey).boxed().toList(), order);
            }
        }
    }

    @Test
    void broadcastingDeliversEveryMessageToEveryMember() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("broadcast"), 4);
        String group = Rocketmq4Clients.unique("group");
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        for (Inbox inbox : List.of(first, second)) {
            DefaultMQPushConsumer consumer = clients.pushConsumer(group, topic, MessageSelector.byTag("*"), inbox);
            consumer.setMessageModel(MessageModel.BROADCASTING);
            consumer.start();
        }
        DefaultMQProducer producer = clients.producer();
        for (int i = 0; i < 12; i++) {
            producer.send(message(topic, "all-" + i));
        }
        Set<String> expected = IntStream.range(0, 12).mapToObj(i -> "all-" + i).collect(Collectors.toSet());
        assertEquals(expected, new HashSet<>(Inbox.bodies(first.await(12))));
        assertEquals(expected, new HashSet<>(Inbox.bodies(second.await(12))));
    }

    @Test
    void tagFilterDeliversOnlyTheTagsAsked() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("tags"), 1);
        Inbox inbox = new Inbox();
        clients.pushConsumer(Rocketmq4Clients.unique("group"), topic, MessageSelector.byTag("TagA || TagC"), inbox)
                .start();
        DefaultMQProducer producer = clients.producer();
        for (int i = 0; i < 6; i++) {
            for (String tag : List.of("TagA", "TagB", "TagC")) {
                Message message = message(topic, tag + "-" + i);
                message.setTags(tag);
                producer.send(message);
            }
        }
        // A last TagC message in the one queue: once it is in, every earlier one has been filtered or delivered.
        Message last = message(topic, "last");
        last.setTags("TagC");
        producer.send(last);
        inbox.awaitUntil(all -> Inbox.bodies(all).contains("last"), "the last TagC message");
        List<MessageExt> received = settled(inbox);
        assertTrue(received.stream().allMatch(m -> Set.of("TagA", "TagC").contains(m.getTags())),
                Inbox.bodies(received).toString());
        assertEquals(13, received.size(), Inbox.bodies(received).toString());
    }

    @Test
    void sqlFilterSelectsOnUserProperties() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("sql"), 1);
        Inbox inbox = new Inbox();
        clients.pushConsumer(Rocketmq4Clients.unique("group"), topic,
                MessageSelector.bySql("amount > 5 AND colour IN ('red', 'blue')"), inbox).start();
        DefaultMQProducer producer = clients.producer();
        List<String> expected = new ArrayList<>();
        for (int amount = 0; amount < 10; amount++) {
            for (String colour : List.of("red", "green", "blue")) {
                Message message = message(topic, colour + amount);
                message.putUserProperty("amount", Integer.toString(amount));
                message.putUserProperty("colour", colour);
                producer.send(message);
                if (amount > 5 && !colour.equals("green")) {
                    expected.add(colour + amount);
                }
            }
        }
        Message last = message(topic, "last");
        last.putUserProperty("amount", "100");
        last.putUserProperty("colour", "red");
        producer.send(last);
        expected.add("last");
        inbox.awaitUntil(all -> Inbox.bodies(all).contains("last"), "the last message");
        List<MessageExt> received = settled(inbox);
        assertEquals(Set.copyOf(expected), Set.copyOf(Inbox.bodies(received)));
        assertEquals(expected.size(), received.size(), "duplicates in " + Inbox.bodies(received));
    }

    /**
     * What the inbox holds once deliveries still running on the consumer's threads are over: the last message of a
     * queue may be handed to the listener a moment before an earlier one.
     */
    private static List<MessageExt> settled(Inbox inbox) throws InterruptedException {
        Thread.sleep(500);
        return inbox.snapshot();
    }
}
