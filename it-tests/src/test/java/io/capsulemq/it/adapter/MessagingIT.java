package io.capsulemq.it.adapter;

import jakarta.ejb.EJB;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producers and message-driven beans on the adapter in Payara Micro: what is sent arrives whole, FIFO groups stay
 * in order with several bean instances, a timed message waits for its time, a failing bean's message is retried
 * and then dead-lettered, one bean takes several topics in annotated methods.
 */
@ExtendWith(ArquillianExtension.class)
class MessagingIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "messaging.war")
                .addClasses(Received.class, Received.Delivery.class, Messages.class, ProducerBean.class,
                        BasicListener.class, FifoListener.class, DelayedListener.class, FailingListener.class,
                        DeadLetterListener.class, MultiTopicListener.class);
    }

    @EJB
    private ProducerBean producer;
    @EJB
    private Received received;

    @Test
    void shouldDeliverTagKeysAndPropertiesIntactToAMessageDrivenBean() throws Exception {
        String id = producer.send(Messages.builder("it-basic", "hello from an EJB").setTag("greeting")
                .setKeys("key-1", "key-2").addProperty("origin", "MessagingIT").addProperty("n", "42").build());

        MessageView m = received.await("basic", 1, WAIT).get(0).message();
        assertEquals(id, m.getMessageId().toString());
        assertEquals("it-basic", m.getTopic());
        assertEquals("hello from an EJB", Messages.body(m));
        assertEquals("greeting", m.getTag().orElseThrow());
        assertEquals(List.of("key-1", "key-2"), List.copyOf(m.getKeys()));
        assertEquals(Map.of("origin", "MessagingIT", "n", "42"), m.getProperties());
        assertEquals(1, m.getDeliveryAttempt());
    }

    @Test
    void shouldKeepEveryMessageGroupInOrderAcrossSeveralBeanInstances() throws Exception {
        int groups = 10;
        int perGroup = 100;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < perGroup; i++) {
            for (int g = 0; g < groups; g++) {
                messages.add(Messages.builder("it-fifo", Integer.toString(i)).setMessageGroup("group-" + g).build());
            }
        }
        producer.sendNow(messages);

        List<Received.Delivery> deliveries = received.await("fifo", groups * perGroup, WAIT);
        Map<String, List<Integer>> byGroup = new HashMap<>();
        Set<Integer> instances = new HashSet<>();
        for (Received.Delivery d : deliveries) {
            byGroup.computeIfAbsent(d.message().getMessageGroup().orElseThrow(), g -> new ArrayList<>())
                    .add(Integer.parseInt(Messages.body(d.message())));
            instances.add(d.beanInstance());
        }
        assertEquals(groups, byGroup.size());
        List<Integer> inOrder = IntStream.range(0, perGroup).boxed().toList();
        byGroup.forEach((group, sequence) -> assertEquals(inOrder, sequence, "order of " + group));
        assertTrue(instances.size() > 1, "deliveries went to " + instances.size() + " bean instance(s)");
    }

    @Test
    void shouldNotDeliverATimedMessageBeforeItsTime() throws Exception {
        long due = System.currentTimeMillis() + 3_000;
        producer.sendNow(List.of(Messages.builder("it-delayed", "later").setDeliveryTimestamp(due).build()));

        Received.Delivery d = received.await("delayed", 1, WAIT).get(0);
        assertTrue(d.atMillis() >= due, "delivered " + (due - d.atMillis()) + " ms before its time");
        assertEquals(due, d.message().getDeliveryTimestamp().orElseThrow());
        assertEquals("later", Messages.body(d.message()));
    }

    @Test
    void shouldRetryAThrowingBeansMessageItsMaximumTimesThenDeadLetterIt() throws Exception {
        producer.send(Messages.builder("it-failing", "poison").setKeys("poison-1").build());

        MessageView dead = received.await("dead", 1, WAIT).get(0).message();
        assertEquals("poison", Messages.body(dead));
        assertEquals(List.of("poison-1"), List.copyOf(dead.getKeys()));
        List<Received.Delivery> tries = received.of("failing");
        assertEquals(List.of(1, 2, 3), tries.stream().map(t -> t.message().getDeliveryAttempt()).toList(),
                "the first delivery and maxReconsumeTimes=2 retries");
    }

    @Test
    void shouldDeliverEachMessageToTheAnnotatedMethodOfItsTopicAndTagInOneBean() throws Exception {
        producer.send(Messages.builder("it-multi-a", "a tagged x").setTag("x").build());
        producer.send(Messages.builder("it-multi-a", "a tagged y").setTag("y").build());
        producer.send(Messages.builder("it-multi-a", "a without tag").build());
        producer.send(Messages.builder("it-multi-b", "b").setTag("x").build());

        MessageView x = received.await("multi-a-x", 1, WAIT).get(0).message();
        assertEquals("a tagged x", Messages.body(x));
        assertEquals(Set.of("a tagged y", "a without tag"),
                Set.copyOf(received.awaitNotes("multi-a-other", 2, WAIT)));
        assertEquals(List.of("b"), received.awaitNotes("multi-b", 1, WAIT));
        assertEquals(1, received.of("multi-a-x").size(), "only the message tagged x went to its method");
    }
}
