package io.capsulemq.rar;

import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.rar.api.CapsuleProducerFactory;
import io.capsulemq.rar.inbound.CapsuleActivationSpec;
import io.capsulemq.rar.outbound.CapsuleManagedConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapterInternalException;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter started as a server starts it: producers from its connection factory, beans through activations. */
class ResourceAdapterTest {
    private static final CapsuleClientServiceProvider API = new CapsuleClientServiceProvider();

    @TempDir
    Path dir;
    private final List<CapsuleResourceAdapter> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(CapsuleResourceAdapter::stop);
    }

    private CapsuleResourceAdapter start(String name) throws ResourceAdapterInternalException {
        CapsuleResourceAdapter ra = new CapsuleResourceAdapter();
        ra.setStoreDir(dir.toString());
        ra.setBrokerName(name);
        ra.setRetryBackoff("200ms");
        ra.setBrokerSettings(TestBrokers.SMALL);
        ra.start(FakeServer.bootstrap());
        started.add(ra);
        return ra;
    }

    private static CapsuleProducerFactory producers(CapsuleResourceAdapter ra) throws ResourceException {
        CapsuleManagedConnectionFactory mcf = new CapsuleManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        return (CapsuleProducerFactory) mcf.createConnectionFactory();
    }

    private static CapsuleActivationSpec spec(String topic, String group) {
        CapsuleActivationSpec spec = new CapsuleActivationSpec();
        spec.setTopic(topic);
        spec.setConsumerGroup(group);
        return spec;
    }

    @Test
    void shouldDeliverWhatAProducerSendsAndLeaveNothingRunningWhenStopped() throws Exception {
        CapsuleResourceAdapter ra = start("lifecycle");
        FakeServer.Bean bean = new FakeServer.Bean("orders-bean", false, m -> ConsumeResult.SUCCESS);
        CapsuleActivationSpec spec = spec("orders", "orders-group");
        ra.endpointActivation(bean, spec);
        try (Producer producer = producers(ra).createProducer()) {
            producer.send(API.newMessageBuilder().setTopic("orders").setBody(bytes("hello")).setTag("created")
                    .setKeys("order-1", "customer-9").addProperty("region", "eu").build());
        }
        await(() -> bean.received.size() == 1, "the message delivered");
        MessageView view = bean.received.get(0);
        assertEquals("hello", text(view));
        assertEquals("created", view.getTag().orElseThrow());
        assertEquals(List.of("order-1", "customer-9"), List.copyOf(view.getKeys()));
        assertEquals(Map.of("region", "eu"), view.getProperties());

        ra.endpointDeactivation(bean, spec);
        ra.stop();
        started.remove(ra);
        await(() -> capsuleThreads().isEmpty(), "no Capsule MQ thread left, found " + capsuleThreads());
        assertFalse(CapsuleEndpoints.registered().contains("lifecycle"));
        // The store's lock is released: the adapter starts again over the same folder.
        start("lifecycle").stop();
        started.clear();
    }

    @Test
    void shouldRetryAFailingBeansMessageThenDeadLetterIt() throws Exception {
        CapsuleResourceAdapter ra = start("retries");
        FakeServer.Bean failing = new FakeServer.Bean("failing", false, m -> ConsumeResult.FAILURE);
        CapsuleActivationSpec spec = spec("payments", "payments-group");
        spec.setMaxReconsumeTimes(2);
        ra.endpointActivation(failing, spec);
        FakeServer.Bean deadLetters = new FakeServer.Bean("dlq", false, m -> ConsumeResult.SUCCESS);
        ra.endpointActivation(deadLetters, spec("%DLQ%payments-group", "dlq-reader"));
        try (Producer producer = producers(ra).createProducer()) {
            producer.send(API.newMessageBuilder().setTopic("payments").setBody(bytes("bad")).setKeys("p-1").build());
        }
        await(() -> deadLetters.received.size() == 1, "the message dead-lettered");
        assertEquals(3, failing.received.size(), "the first delivery and two retries");
        assertEquals(List.of(1, 2, 3), failing.received.stream().map(MessageView::getDeliveryAttempt).toList());
        assertEquals(List.of("p-1"), List.copyOf(deadLetters.received.get(0).getKeys()));
        assertEquals("bad", text(deadLetters.received.get(0)));
    }

    @Test
    void shouldDeliverAgainWhenTheBeansTransactionRollsBack() throws Exception {
        CapsuleResourceAdapter ra = start("transacted");
        FakeServer.Bean bean = new FakeServer.Bean("transacted", true,
                m -> m.getDeliveryAttempt() == 1 ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS);
        ra.endpointActivation(bean, spec("invoices", "invoices-group"));
        try (Producer producer = producers(ra).createProducer()) {
            producer.send(API.newMessageBuilder().setTopic("invoices").setBody(bytes("i-1")).build());
        }
        await(() -> bean.outcomes.contains("committed"), "a committed delivery");
        assertEquals(List.of("rolled back", "committed"), bean.outcomes);
        assertEquals(2, bean.received.size());
    }

    @Test
    void shouldKeepEachMessageGroupInOrderWithSeveralDeliveriesAtOnce() throws Exception {
        CapsuleResourceAdapter ra = start("fifo");
        FakeServer.Bean bean = new FakeServer.Bean("fifo", false, m -> ConsumeResult.SUCCESS);
        CapsuleActivationSpec spec = spec("steps", "steps-group");
        spec.setConsumeMode("FIFO");
        spec.setMaxConcurrency(4);
        ra.endpointActivation(bean, spec);
        int groups = 4;
        int perGroup = 25;
        try (Producer producer = producers(ra).createProducer()) {
            for (int i = 0; i < perGroup; i++) {
                for (int g = 0; g < groups; g++) {
                    producer.send(API.newMessageBuilder().setTopic("steps").setMessageGroup("g" + g)
                            .setBody(bytes(Integer.toString(i))).build());
                }
            }
        }
        await(() -> bean.received.size() == groups * perGroup, "every message delivered");
        Map<String, List<Integer>> byGroup = new HashMap<>();
        for (MessageView m : bean.received) {
            byGroup.computeIfAbsent(m.getMessageGroup().orElseThrow(), g -> new ArrayList<>())
                    .add(Integer.parseInt(text(m)));
        }
        for (List<Integer> sequence : byGroup.values()) {
            assertEquals(java.util.stream.IntStream.range(0, perGroup).boxed().toList(), sequence);
        }
    }

    @Test
    void shouldRefuseAnActivationWithoutATopicNamingTheProperty() throws Exception {
        CapsuleResourceAdapter ra = start("invalid");
        CapsuleActivationSpec spec = spec(null, "g");
        ResourceException e = assertThrows(ResourceException.class,
                () -> ra.endpointActivation(new FakeServer.Bean("b", false, m -> ConsumeResult.SUCCESS), spec));
        assertTrue(e.getMessage().contains("topic is not set"), e.getMessage());
    }

    @Test
    void shouldNotStartInRemoteModeYet() {
        CapsuleResourceAdapter ra = new CapsuleResourceAdapter();
        ra.setMode("remote");
        ra.setNamesrvAddr("127.0.0.1:9876");
        ResourceAdapterInternalException e = assertThrows(ResourceAdapterInternalException.class,
                () -> ra.start(FakeServer.bootstrap()));
        assertTrue(e.getMessage().contains("not available yet"), e.getMessage());
    }

    private static List<String> capsuleThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("capsule-")).sorted().toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(MessageView m) {
        return StandardCharsets.UTF_8.decode(m.getBody().duplicate()).toString();
    }
}
