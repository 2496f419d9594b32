package io.capsulemq.rar.inbound;

import io.capsulemq.rar.api.CapsuleListener;
import io.capsulemq.rar.api.OnMessage;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which method of a bean takes which messages, and the beans the adapter refuses, saying why. */
class ListenerRoutesTest {

    public static class Billing implements CapsuleListener {
        @OnMessage(topic = "orders", tag = "created || paid")
        public void created(MessageView message) {
        }

        @OnMessage(topic = "orders")
        public ConsumeResult otherOrders(String body) {
            return ConsumeResult.SUCCESS;
        }

        @OnMessage(topic = "refunds", tag = "full")
        public void refund(byte[] body) {
        }

        @OnMessage(topic = "audit", sql = "amount > 100")
        public void audit(MessageView message) {
        }

        public void notAListener(MessageView message) {
        }
    }

    @Test
    void shouldSubscribeToEachAnnotatedTopicWithTheUnionOfItsMethodsFilters() throws Exception {
        ListenerRoutes routes = ListenerRoutes.of(factory(Billing.class), settings(null));

        assertEquals(Map.of("orders", new FilterExpression("*", FilterExpressionType.TAG),
                "refunds", new FilterExpression("full", FilterExpressionType.TAG),
                "audit", new FilterExpression("amount > 100", FilterExpressionType.SQL92)), routes.subscriptions());
        assertEquals(4, routes.all().size());
    }

    @Test
    void shouldRouteEachMessageToTheMethodOfItsTagElseToTheOneTakingTheRest() throws Exception {
        ListenerRoutes routes = ListenerRoutes.of(factory(Billing.class), settings(null));

        assertEquals("created", routes.routeFor(message("orders", "paid")).method().getName());
        assertEquals("otherOrders", routes.routeFor(message("orders", "shipped")).method().getName());
        assertEquals("otherOrders", routes.routeFor(message("orders", null)).method().getName());
        assertEquals("refund", routes.routeFor(message("refunds", "full")).method().getName());
        assertNull(routes.routeFor(message("refunds", "partial")), "no method takes refunds tagged partial");
        assertNull(routes.routeFor(message("elsewhere", "full")));
    }

    @Test
    void shouldGiveEachMethodWhatItsParameterAsks() throws Throwable {
        List<Object> got = new java.util.ArrayList<>();
        class Recording extends Billing {
            @Override
            public void created(MessageView message) {
                got.add(message);
            }

            @Override
            public ConsumeResult otherOrders(String body) {
                got.add(body);
                return ConsumeResult.FAILURE;
            }

            @Override
            public void refund(byte[] body) {
                got.add(new String(body, StandardCharsets.UTF_8));
            }
        }
        ListenerRoutes routes = ListenerRoutes.of(factory(Recording.class), settings(null));
        Recording bean = new Recording();
        MessageView paid = message("orders", "paid");

        assertEquals(ConsumeResult.SUCCESS, routes.routeFor(paid).invoke(bean, paid));
        assertEquals(ConsumeResult.FAILURE, routes.routeFor(message("orders", "x")).invoke(bean,
                message("orders", "x")));
        assertEquals(ConsumeResult.SUCCESS, routes.routeFor(message("refunds", "full")).invoke(bean,
                message("refunds", "full")));
        assertEquals(List.of(paid, "body of orders", "body of refunds"), got);
    }

    @Test
    void shouldPassAnExceptionOfTheBeanThrough() throws Exception {
        class Throwing implements CapsuleListener {
            @OnMessage(topic = "t")
            public void fail(String body) {
                throw new IllegalStateException("bean failed on " + body);
            }
        }
        ListenerRoutes routes = ListenerRoutes.of(factory(Throwing.class), settings(null));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> routes.routeFor(message("t", null)).invoke(new Throwing(), message("t", null)));
        assertEquals("bean failed on body of t", e.getMessage());
    }

    @Test
    void shouldRouteEveryMessageOfAMessageListenerBeanToConsumeWithTheSpecsFilter() throws Exception {
        ListenerRoutes routes = ListenerRoutes.of(factory(PlainListener.class), settings("orders"));

        assertEquals(Map.of("orders", new FilterExpression("*", FilterExpressionType.TAG)), routes.subscriptions());
        assertEquals(DeliveryWork.CONSUME, routes.routeFor(message("orders", "x")).method());
        assertEquals(DeliveryWork.CONSUME, routes.routeFor(message("%DLQ%g", null)).method(),
                "a bean of one topic takes whatever topic its messages name");
    }

    static class PlainListener implements MessageListener {
        @Override
        public ConsumeResult consume(MessageView messageView) {
            return ConsumeResult.SUCCESS;
        }
    }

    static class TwoTakingTheRest implements CapsuleListener {
        @OnMessage(topic = "orders")
        public void a(MessageView m) {
        }

        @OnMessage(topic = "orders", tag = "*")
        public void b(MessageView m) {
        }
    }

    static class OverlappingTags implements CapsuleListener {
        @OnMessage(topic = "orders", tag = "created || paid")
        public void a(MessageView m) {
        }

        @OnMessage(topic = "orders", tag = "paid")
        public void b(MessageView m) {
        }
    }

    static class SqlBesideTags implements CapsuleListener {
        @OnMessage(topic = "orders", tag = "paid")
        public void a(MessageView m) {
        }

        @OnMessage(topic = "orders", sql = "a = 1")
        public void b(MessageView m) {
        }
    }

    static class TagAndSql implements CapsuleListener {
        @OnMessage(topic = "orders", tag = "paid", sql = "a = 1")
        public void a(MessageView m) {
        }
    }

    static class WrongParameter implements CapsuleListener {
        @OnMessage(topic = "orders")
        public void a(Integer m) {
        }
    }

    static class WrongReturn implements CapsuleListener {
        @OnMessage(topic = "orders")
        public boolean a(MessageView m) {
            return true;
        }
    }

    static class NotPublic implements CapsuleListener {
        @OnMessage(topic = "orders")
        void a(MessageView m) {
        }
    }

    static class BadTopic implements CapsuleListener {
        @OnMessage(topic = "or ders")
        public void a(MessageView m) {
        }
    }

    static class BadTag implements CapsuleListener {
        @OnMessage(topic = "orders", tag = "a || ")
        public void a(MessageView m) {
        }
    }

    static class NoMethods implements CapsuleListener {
        public void a(MessageView m) {
        }
    }

    static class Both implements CapsuleListener, MessageListener {
        @Override
        public ConsumeResult consume(MessageView messageView) {
            return ConsumeResult.SUCCESS;
        }
    }

    @Test
    void shouldRefuseBeansItCannotRouteNamingTheMethodAndWhatIsWrong() {
        assertRefused(TwoTakingTheRest.class, null, "TwoTakingTheRest.b: takes every tag of orders, as "
                + "TwoTakingTheRest.a does");
        assertRefused(OverlappingTags.class, null, "tags [paid] of orders are taken by OverlappingTags.a too");
        assertRefused(SqlBesideTags.class, null, "a method with an SQL92 filter must be the only one on its topic");
        assertRefused(TagAndSql.class, null, "has both tag 'paid' and sql");
        assertRefused(WrongParameter.class, null, "WrongParameter.a: an @OnMessage method takes one parameter: a "
                + "MessageView, a String (the body as UTF-8) or a byte[] (the body); it takes [class "
                + "java.lang.Integer]");
        assertRefused(WrongReturn.class, null, "returns void or ConsumeResult, not boolean");
        assertRefused(NotPublic.class, null, "NotPublic.a: an @OnMessage method must be public and not static");
        assertRefused(BadTopic.class, null, "@OnMessage topic 'or ders' is empty or has characters other than");
        assertRefused(BadTag.class, null, "@OnMessage tag 'a || ' is not * or tags separated by ||");
        assertRefused(NoMethods.class, null, "is a CapsuleListener without any public method annotated @OnMessage");
        assertRefused(Both.class, null, "implements both MessageListener and CapsuleListener");
        assertRefused(Billing.class, "orders", "topic 'orders' is set, but " + Billing.class.getName()
                + " is a CapsuleListener: its topics come from its @OnMessage methods");
        assertRefused(PlainListener.class, null, "topic is not set");
    }

    private static void assertRefused(Class<?> bean, String topic, String expected) {
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class,
                () -> ListenerRoutes.of(factory(bean), settings(topic)), bean.getSimpleName());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static ActivationSettings settings(String topic) {
        CapsuleActivationSpec spec = new CapsuleActivationSpec();
        spec.setTopic(topic);
        spec.setConsumerGroup("g");
        return spec.settings();
    }

    private static MessageEndpointFactory factory(Class<?> bean) {
        return new MessageEndpointFactory() {
            @Override
            public MessageEndpoint createEndpoint(XAResource xaResource) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isDeliveryTransacted(Method method) {
                return false;
            }

            @Override
            public String getActivationName() {
                return bean.getSimpleName();
            }

            @Override
            public Class<?> getEndpointClass() {
                return bean;
            }
        };
    }

    private static MessageView message(String topic, String tag) {
        return new MessageView() {
            @Override
            public MessageId getMessageId() {
                return null;
            }

            @Override
            public String getTopic() {
                return topic;
            }

            @Override
            public ByteBuffer getBody() {
                return ByteBuffer.wrap(("body of " + topic).getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
            }

            @Override
            public Map<String, String> getProperties() {
                return Map.of();
            }

            @Override
            public Optional<String> getTag() {
                return Optional.ofNullable(tag);
            }

            @Override
            public Collection<String> getKeys() {
                return List.of();
            }

            @Override
            public Optional<String> getMessageGroup() {
                return Optional.empty();
            }

            @Override
            public Optional<Long> getDeliveryTimestamp() {
                return Optional.empty();
            }

            @Override
            public String getBornHost() {
                return "test";
            }

            @Override
            public long getBornTimestamp() {
                return 0;
            }

            @Override
            public int getDeliveryAttempt() {
                return 1;
            }

            @Override
            public String toString() {
                return topic + "/" + tag;
            }
        };
    }
}
