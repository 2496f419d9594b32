package io.capsulemq.rar;

import io.capsulemq.client.CapsuleClientServiceProvider;
import io.capsulemq.client.endpoint.CapsuleEndpoints;
import io.capsulemq.client.endpoint.GatewayLease;
import io.capsulemq.client.gateway.TopicRoute;
import io.capsulemq.client.gateway.TopicType;
import io.capsulemq.rar.api.CapsuleListener;
import io.capsulemq.rar.api.CapsuleProducerFactory;
import io.capsulemq.rar.api.OnMessage;
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
import java.util.concurrent.CopyOnWriteArrayList;
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
        ra.setListenPort(0); // in process only: unit tests open no fixed port
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
    void shouldCreateAnActivatedBeansTopicTakingEveryMessageTypeSoThatAnyFirstSendLeavesItOpenToTheAdapter()
            throws Exception {
        CapsuleResourceAdapter ra = start("topics-on-activation");
        ra.endpointActivation(new FakeServer.Bean("audit-bean", false, m -> ConsumeResult.SUCCESS),
                spec("audit", "audit-group"));

        try (GatewayLease lease = CapsuleEndpoints.open("topics-on-activation")) {
            TopicRoute route = lease.gateway().route("audit");
            assertTrue(route.exists());
            assertEquals(TopicType.MIXED, route.type());
        }
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

    /** A bean of two topics: order messages by tag to two methods, refunds to a third. */
    public static class Billing implements CapsuleListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @OnMessage(topic = "orders", tag = "created")
        public void created(MessageView message) {
            calls.add("created " + text(message) + " #" + message.getDeliveryAttempt());
        }

        @OnMessage(topic = "orders")
        public ConsumeResult otherOrders(String body) {
            calls.add("other " + body);
            return body.equals("unwell") && calls.stream().filter(c -> c.equals("other unwell")).count() == 1
                    ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        }

        @OnMessage(topic = "refunds")
        public void refund(byte[] body) {
            calls.add("refund " + new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldDeliverEachMessageOfSeveralTopicsToTheAnnotatedMethodOfItsTag() throws Exception {
        CapsuleResourceAdapter ra = start("annotated");
        Billing bean = new Billing();
        class BillingEndpoint extends Billing implements jakarta.resource.spi.endpoint.MessageEndpoint {
            @Override
            public void created(MessageView message) {
                bean.created(message);
            }

            @Override
            public ConsumeResult otherOrders(String body) {
                return bean.otherOrders(body);
            }

            @Override
            public void refund(byte[] body) {
                bean.refund(body);
            }

            @Override
            public void beforeDelivery(java.lang.reflect.Method method) {
            }

            @Override
            public void afterDelivery() {
            }

            @Override
            public void release() {
            }
        }
        CapsuleActivationSpec spec = spec(null, "billing");
        ra.endpointActivation(new FakeServer.AnnotatedBean(Billing.class, BillingEndpoint::new), spec);
        try (Producer producer = producers(ra).createProducer()) {
            producer.send(API.newMessageBuilder().setTopic("orders").setTag("created").setBody(bytes("o-1")).build());
            producer.send(API.newMessageBuilder().setTopic("orders").setTag("shipped").setBody(bytes("o-2")).build());
            producer.send(API.newMessageBuilder().setTopic("orders").setBody(bytes("unwell")).build());
            producer.send(API.newMessageBuilder().setTopic("refunds").setTag("full").setBody(bytes("r-1")).build());
        }
        await(() -> bean.calls.size() == 5, "five calls, found " + bean.calls);
        assertEquals(java.util.Set.of("created o-1 #1", "other o-2", "other unwell", "refund r-1"),
                java.util.Set.copyOf(bean.calls), "each message to its method; FAILURE delivered again");
        assertEquals(2, bean.calls.stream().filter(c -> c.equals("other unwell")).count());
    }

    @Test
    void shouldFinishTheDeliveriesUnderWayWhenDeactivatedAndLeaveTheRestForTheNextActivation() throws Exception {
        CapsuleResourceAdapter ra = start("deactivation");
        java.util.function.Function<MessageView, ConsumeResult> slow = m -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ConsumeResult.SUCCESS;
        };
        FakeServer.Bean first = new FakeServer.Bean("first", true, slow);
        CapsuleActivationSpec spec = spec("shipments", "shipments-group");
        spec.setMaxConcurrency(4);
        ra.endpointActivation(first, spec);
        int count = 60;
        try (Producer producer = producers(ra).createProducer()) {
            for (int i = 0; i < count; i++) {
                producer.send(API.newMessageBuilder().setTopic("shipments").setBody(bytes("s-" + i)).build());
            }
        }
        await(() -> first.received.size() >= 8, "deliveries under way");

        // As Payara undeploys a bean: no new endpoint, then the deactivation.
        first.available = false;
        ra.endpointDeactivation(first, spec);
        int receivedByFirst = first.received.size();
        assertEquals(receivedByFirst, first.outcomes.size(), "every delivery begun finished: " + first.outcomes);
        assertTrue(first.outcomes.stream().allMatch("committed"::equals), first.outcomes.toString());
        // A pool's last thread can still be finishing its exit when the pool reports itself terminated.
        await(() -> capsuleThreads().stream().noneMatch(t -> t.contains("shipments-group")),
                "the activation's threads gone: " + capsuleThreads());
        Thread.sleep(300);
        assertEquals(receivedByFirst, first.received.size(), "nothing delivered to the deactivated bean");

        FakeServer.Bean second = new FakeServer.Bean("second", true, slow);
        ra.endpointActivation(second, spec);
        await(() -> first.received.size() + second.received.size() >= count, "every message delivered");
        List<String> all = new ArrayList<>();
        first.received.forEach(m -> all.add(text(m)));
        second.received.forEach(m -> all.add(text(m)));
        assertEquals(java.util.stream.IntStream.range(0, count).mapToObj(i -> "s-" + i).sorted().toList(),
                all.stream().sorted().toList(), "each message once, across the two activations");
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
    void shouldNotStartInRemoteModeWhenNoNameServerAnswersNamingTheProperty() throws Exception {
        int silent;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            silent = socket.getLocalPort();
        }
        CapsuleResourceAdapter ra = new CapsuleResourceAdapter();
        ra.setMode("remote");
        ra.setNamesrvAddr("127.0.0.1:" + silent);
        ra.setStoreDir(dir.resolve("remote").toString());
        ResourceAdapterInternalException e = assertThrows(ResourceAdapterInternalException.class,
                () -> ra.start(FakeServer.bootstrap()));
        assertTrue(e.getMessage().contains("property namesrvAddr") && e.getMessage().contains("127.0.0.1:" + silent),
                e.getMessage());
        await(() -> capsuleThreads().stream().noneMatch(n -> n.startsWith("capsule-remote")),
                "no thread of the remote gateway left behind: " + capsuleThreads());
    }

    @Test
    void shouldRefuseASecretKeyWithoutAccessKeyNamingTheProperty() {
        CapsuleResourceAdapter ra = new CapsuleResourceAdapter();
        ra.setMode("remote");
        ra.setNamesrvAddr("127.0.0.1:9876");
        ra.setSecretKey("12345678");
        ResourceAdapterInternalException e = assertThrows(ResourceAdapterInternalException.class,
                () -> ra.start(FakeServer.bootstrap()));
        assertTrue(e.getMessage().contains("property accessKey"), e.getMessage());
    }

    @Test
    void shouldRefuseCredentialsForTheEmbeddedBrokerNamingTheProperty() {
        CapsuleResourceAdapter ra = new CapsuleResourceAdapter();
        ra.setStoreDir(dir.resolve("embedded-with-keys").toString());
        ra.setAccessKey("rocketmq2");
        ra.setSecretKey("12345678");
        ResourceAdapterInternalException e = assertThrows(ResourceAdapterInternalException.class,
                () -> ra.start(FakeServer.bootstrap()));
        assertTrue(e.getMessage().contains("property accessKey") && e.getMessage().contains("mode=remote"),
                e.getMessage());
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
