package io.capsulemq.it.rocketmq4;

import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the 4.9 client: messages that wait (delay levels), transactions (commit, rollback, check-back), failed
 * consumption retried and then dead-lettered, and look-ups by key and by id.
 */
abstract class TimedTransactionalAndRetriedScenarios {

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
    void delayLevelHoldsAMessageBackUntilDue() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("timed"), 2);
        Inbox inbox = new Inbox();
        clients.pushConsumer(Rocketmq4Clients.unique("group"), topic, MessageSelector.byTag("*"), inbox).start();
        DefaultMQProducer producer = clients.producer();

        long sentAt = System.currentTimeMillis();
        Message delayed = message(topic, "level-2");
        delayed.setDelayTimeLevel(2); // 5 s
        assertEquals(SendStatus.SEND_OK, producer.send(delayed).getSendStatus());
        producer.send(message(topic, "now"));

        inbox.awaitUntil(all -> Inbox.bodies(all).contains("now"), "the message sent without delay");
        assertEquals(List.of("now"), Inbox.bodies(inbox.snapshot()), "the delayed message came before its time");
        List<MessageExt> received = inbox.await(2);
        long arrivedAt = System.currentTimeMillis();
        assertEquals(Set.of("now", "level-2"), Set.copyOf(Inbox.bodies(received)));
        // Delivery is late by at most the timer's precision, never early: a second of slack for the clocks.
        assertTrue(arrivedAt - sentAt >= 4_000, "the 5 s delay level was delivered after " + (arrivedAt - sentAt));
        for (MessageExt message : received) {
            assertEquals(topic, message.getTopic(), "the real topic, not the timer's");
        }
    }

    @Test
    void transactionsCommitRollBackAndAreCheckedBack() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("tx"), 2);
        Inbox inbox = new Inbox();
        clients.pushConsumer(Rocketmq4Clients.unique("group"), topic, MessageSelector.byTag("*"), inbox).start();
        AtomicInteger checks = new AtomicInteger();
        TransactionMQProducer producer = new TransactionMQProducer(Rocketmq4Clients.unique("tx-producers"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return switch (new String(msg.getBody(), StandardCharsets.UTF_8)) {
                    case "commit" -> LocalTransactionState.COMMIT_MESSAGE;
                    case "rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
                    default -> LocalTransactionState.UNKNOW;
                };
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checks.incrementAndGet();
                return new String(msg.getBody(), StandardCharsets.UTF_8).equals("checked")
                        ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        clients.started(producer);

        for (String body : List.of("rollback", "commit", "checked")) {
            SendResult result = producer.sendMessageInTransaction(message(topic, body), null);
            assertEquals(SendStatus.SEND_OK, result.getSendStatus());
        }
        // The checked-back message is the last to be resolved: once in, the rolled-back one had its chance.
        inbox.awaitUntil(all -> Inbox.bodies(all).contains("checked"), "the message committed on check-back");
        Thread.sleep(500);
        List<String> received = Inbox.bodies(inbox.snapshot());
        assertEquals(Set.of("commit", "checked"), Set.copyOf(received));
        assertEquals(2, received.size(), "each committed message once: " + received);
        assertTrue(checks.get() >= 1, "the broker asked the producer about the unknown transaction");
    }

    @Test
    void failedConsumptionIsRetriedThenDeadLettered() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("fails"), 1);
        String group = Rocketmq4Clients.unique("group");
        List<Integer> attempts = new ArrayList<>();
        Inbox inbox = new Inbox();
        DefaultMQPushConsumer consumer = clients.consumer(group, topic, MessageSelector.byTag("*"));
        consumer.setMaxReconsumeTimes(2);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            synchronized (attempts) {
                messages.forEach(m -> attempts.add(m.getReconsumeTimes()));
            }
            inbox.addAll(messages);
            context.setDelayLevelWhenNextConsume(1); // 1 s back-off instead of the default 10 s
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();
        DefaultMQProducer producer = clients.producer();
        Message poison = message(topic, "poison");
        poison.setKeys("poison-key");
        poison.putUserProperty("origin", "test");
        SendResult sent = producer.send(poison);

        inbox.await(3);
        List<MessageExt> dead = readAll("%DLQ%" + group, 1);
        assertEquals(1, dead.size());
        MessageExt deadLetter = dead.get(0);
        assertEquals("poison", Inbox.body(deadLetter));
        assertEquals(sent.getMsgId(), deadLetter.getMsgId(), "the dead letter keeps the message's id");
        assertEquals(topic, deadLetter.getProperty("RETRY_TOPIC"), "and names the topic it came from");
        assertEquals("poison-key", deadLetter.getKeys());
        assertEquals("test", deadLetter.getUserProperty("origin"));
        Thread.sleep(1_500);
        synchronized (attempts) {
            assertEquals(List.of(0, 1, 2), attempts, "one first delivery and two retries, then no more");
        }
    }

    /** Reads {@code count} messages from every queue of {@code topic} from its start, with a fresh group. */
    private List<MessageExt> readAll(String topic, int count) throws Exception {
        DefaultLitePullConsumer reader = new DefaultLitePullConsumer(Rocketmq4Clients.unique("reader"));
        reader.setNamesrvAddr(target().nameServer());
        reader.setInstanceName(Rocketmq4Clients.unique("instance"));
        reader.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        reader.start();
        try {
            long deadline = System.nanoTime() + Inbox.PATIENCE.toNanos();
            Collection<MessageQueue> queues = null;
            while (queues == null || queues.isEmpty()) {
                try {
                    queues = reader.fetchMessageQueues(topic);
                } catch (Exception notRoutedYet) {
                    if (System.nanoTime() > deadline) {
                        throw notRoutedYet;
                    }
                    Thread.sleep(200);
                }
            }
            reader.assign(queues);
            for (MessageQueue queue : queues) {
                reader.seekToBegin(queue);
            }
            List<MessageExt> messages = new ArrayList<>();
            while (messages.size() < count && System.nanoTime() < deadline) {
                messages.addAll(reader.poll(500));
            }
            return messages;
        } finally {
            reader.shutdown();
        }
    }

    @Test
    void messagesAreFoundByKeyAndById() throws Exception {
        String topic = clients.createTopic(Rocketmq4Clients.unique("lookup"), 2);
        DefaultMQProducer producer = clients.producer();
        SendResult first = producer.send(keyed(topic, "first", "order-17"));
        producer.send(keyed(topic, "second", "order-17"));
        producer.send(keyed(topic, "other", "order-18"));

        MessageExt byOffsetId = producer.viewMessage(first.getOffsetMsgId());
        assertEquals("first", Inbox.body(byOffsetId));
        long deadline = System.nanoTime() + Inbox.PATIENCE.toNanos();
        MessageExt byUniqueId = null;
        while (byUniqueId == null) {
            try {
                byUniqueId = producer.viewMessage(topic, first.getMsgId());
            } catch (Exception notIndexedYet) {
                if (System.nanoTime() > deadline) {
                    throw notIndexedYet;
                }
                Thread.sleep(200);
            }
        }
        assertEquals("first", Inbox.body(byUniqueId));

        List<MessageExt> found = List.of();
        while (found.size() < 2 && System.nanoTime() < deadline) {
            try {
                found = producer.queryMessage(topic, "order-17", 32, 0, Long.MAX_VALUE).getMessageList();
            } catch (Exception notIndexedYet) {
                Thread.sleep(200);
            }
        }
        assertEquals(Set.of("first", "second"), Set.copyOf(Inbox.bodies(found)));
    }

    private static Message keyed(String topic, String body, String key) {
        Message message = message(topic, body);
        message.setKeys(key);
        return message;
    }
}
