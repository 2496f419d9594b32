package io.capsulemq.it.rocketmq4;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.topic.TopicValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real Apache RocketMQ 4.9.8 client, set up the way the scenarios need it, and shut down after each test. Names
 * are unique per test so that scenarios sharing one broker never see each other's messages.
 */
final class Rocketmq4Clients implements AutoCloseable {

    private final String nameServer;
    private final List<Runnable> closers = new ArrayList<>();
    private DefaultMQProducer admin;

    Rocketmq4Clients(String nameServer) {
        this.nameServer = nameServer;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    DefaultMQProducer producer() throws MQClientException {
        return started(new DefaultMQProducer(unique("producers")));
    }

    <P extends DefaultMQProducer> P started(P producer) throws MQClientException {
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(unique("instance"));
        producer.start();
        closers.add(producer::shutdown);
        return producer;
    }

    /** A concurrent push consumer from the first offset, every message handed to {@code inbox}, not started. */
    DefaultMQPushConsumer pushConsumer(String group, String topic, MessageSelector selector, Inbox inbox)
            throws MQClientException {
        DefaultMQPushConsumer consumer = consumer(group, topic, selector);
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            inbox.addAll(messages);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        return consumer;
    }

    /** A push consumer from the first offset, listener still to be registered, not started. */
    DefaultMQPushConsumer consumer(String group, String topic, MessageSelector selector) throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(unique("instance"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, selector);
        closers.add(consumer::shutdown);
        return consumer;
    }

    /**
     * Creates {@code topic} with {@code queues} queues the way a 4.9 client can, without the admin tools:
     * {@code createTopic} on a producer, which asks every broker serving the auto-creation key topic (TBW102). Then
     * waits until the NameServer routes the new topic, so that consumers started next find it at once.
     */
    String createTopic(String topic, int queues) throws Exception {
        if (admin == null) {
            admin = producer();
        }
        admin.createTopic(TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, topic, queues);
        long deadline = System.nanoTime() + Inbox.PATIENCE.toNanos();
        while (true) {
            try {
                if (!admin.fetchPublishMessageQueues(topic).isEmpty()) {
                    return topic;
                }
            } catch (MQClientException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " was never routed by the NameServer", notYet);
                }
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            closers.get(i).run();
        }
    }
}
