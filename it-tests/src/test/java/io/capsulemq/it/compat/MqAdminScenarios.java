package io.capsulemq.it.compat;

import io.capsulemq.peers.ApacheRocketMq;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Apache RocketMQ's own admin tool, run as a process as an operator runs it. */
abstract class MqAdminScenarios {

    private RocketMqClients clients;

    abstract Target target();

    @BeforeEach
    void connect() {
        clients = new RocketMqClients(target().nameServer());
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    private String mqadmin(String... command) throws Exception {
        return ApacheRocketMq.mqadmin(target().broker().workDir().resolve("mqadmin"), target().nameServer(), command);
    }

    private static void assertMentions(String output, String... expected) {
        for (String text : expected) {
            assertTrue(output.contains(text), "expected \"" + text + "\" in mqadmin's output:\n" + output);
        }
    }

    @Test
    void operatorCreatesATopicAndSeesItListedAndRouted() throws Exception {
        String topic = RocketMqClients.unique("admin-topic");
        assertMentions(mqadmin("updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", "3", "-w", "3"),
                "create topic to", "success");
        assertMentions(mqadmin("topicList"), topic);
        assertMentions(mqadmin("topicRoute", "-t", topic), "\"readQueueNums\":3", "\"writeQueueNums\":3");
        assertMentions(mqadmin("clusterList"), "DefaultCluster");
    }

    @Test
    void operatorSeesConsumerProgressAndFindsAMessageByKey() throws Exception {
        String topic = clients.createTopic(RocketMqClients.unique("admin-progress"), 2);
        String group = RocketMqClients.unique("group");
        DefaultMQProducer producer = clients.producer();
        String[] ids = new String[4];
        for (int i = 0; i < 4; i++) {
            Message message = new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8));
            message.setKeys("admin-key-" + i);
            ids[i] = producer.send(message).getMsgId();
        }
        Inbox inbox = new Inbox();
        clients.pushConsumer(group, topic, MessageSelector.byTag("*"), inbox).start();
        inbox.await(4);
        awaitCommitted(group, topic);

        assertMentions(mqadmin("consumerProgress", "-g", group), topic, "Consume TPS");
        String found = mqadmin("queryMsgByKey", "-t", topic, "-k", "admin-key-2");
        assertMentions(found, ids[2]);
        assertTrue(!found.contains(ids[1]), "only the message with that key:\n" + found);
    }

    /** Waits until the group's consumer has committed its offsets (it does so every few seconds). */
    private void awaitCommitted(String group, String topic) throws Exception {
        long deadline = System.nanoTime() + Inbox.PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            var stats = clients.admin().examineConsumeStats(group, topic);
            if (!stats.getOffsetTable().isEmpty() && stats.computeTotalDiff() == 0
                    && stats.getOffsetTable().values().stream().anyMatch(w -> w.getConsumerOffset() > 0)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("group " + group + " never committed its offsets on " + topic);
    }
}
