package io.capsulemq.it.compat;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The real Apache RocketMQ client, set up the way the scenarios need it, and closed after each test. Names are
 * unique per test so that scenarios sharing one broker never see each other's messages.
 */
final class RocketMqClients implements AutoCloseable {

    private final String nameServer;
    private final List<Runnable> closers = new ArrayList<>();
    private DefaultMQAdminExt admin;

    RocketMqClients(String nameServer) {
        this.nameServer = nameServer;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    DefaultMQProducer producer() throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer(unique("producers"));
        return started(producer);
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

    DefaultMQAdminExt admin() throws MQClientException {
        if (admin == null) {
            admin = new DefaultMQAdminExt();
            admin.setNamesrvAddr(nameServer);
            admin.setInstanceName(unique("admin"));
            admin.start();
            closers.add(admin::shutdown);
        }
        return admin;
    }

    /**
     * Creates {@code topic} with {@code queues} queues on every broker of the cluster and waits until the
     * NameServer routes it, so that consumers started next find it at once.
     */
    String createTopic(String topic, int queues, Consumer<TopicConfig> customise) throws Exception {
        for (BrokerData broker : brokers()) {
            TopicConfig config = new TopicConfig(topic, queues, queues);
            customise.accept(config);
            admin().createAndUpdateTopicConfig(broker.selectBrokerAddr(), config);
        }
        long deadline = System.nanoTime() + Inbox.PATIENCE.toNanos();
        while (true) {
            try {
                if (!admin().examineTopicRouteInfo(topic).getQueueDatas().isEmpty()) {
                    return topic;
                }
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " was never routed by the NameServer", notYet);
                }
            }
            Thread.sleep(100);
        }
    }

    /** The brokers the NameServer knows, once it knows one: a broker registers a moment after it starts. */
    private Collection<BrokerData> brokers() throws Exception {
        long deadline = System.nanoTime() + Inbox.PATIENCE.toNanos();
        while (true) {
            ClusterInfo cluster = admin().examineBrokerClusterInfo();
            if (!cluster.getBrokerAddrTable().isEmpty()) {
                return cluster.getBrokerAddrTable().values();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the NameServer " + nameServer + " never knew a broker");
            }
            Thread.sleep(200);
        }
    }

    String createTopic(String topic, int queues) throws Exception {
        return createTopic(topic, queues, config -> { });
    }

    @Override
    public void close() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            closers.get(i).run();
        }
    }
}
