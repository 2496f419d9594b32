package io.capsulemq.rar.inbound;

import io.capsulemq.rar.api.CapsuleListener;
import io.capsulemq.rar.api.OnMessage;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a bean's messages go: for a {@link MessageListener} bean, every message of the spec's topic to
 * {@code consume}; for a {@link CapsuleListener} bean, each message to the {@link OnMessage} method of its topic
 * and tag. Also what the consumer group subscribes to: per topic, the spec's filter or the union of the methods'
 * tags.
 */
final class ListenerRoutes {
    private static final Pattern NAME = Pattern.compile("^[%a-zA-Z0-9_-]+$");
    private static final String ALL = "*";

    private final Map<String, FilterExpression> subscriptions;
    private final List<ListenerRoute> routes;

    private ListenerRoutes(Map<String, FilterExpression> subscriptions, List<ListenerRoute> routes) {
        this.subscriptions = Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
        this.routes = List.copyOf(routes);
    }

    /**
     * The routes of the bean the factory makes endpoints for, checked against the spec.
     *
     * @throws InvalidPropertyException naming what is wrong: a listener type the adapter does not offer, a missing or
     *                                  superfluous {@code topic}, an annotated method it cannot call, two methods
     *                                  taking the same messages
     */
    static ListenerRoutes of(MessageEndpointFactory factory, ActivationSettings settings)
            throws InvalidPropertyException {
        Class<?> bean = factory.getEndpointClass();
        boolean listener = bean == null || MessageListener.class.isAssignableFrom(bean);
        boolean annotated = bean != null && CapsuleListener.class.isAssignableFrom(bean);
        if (listener && annotated) {
            throw new InvalidPropertyException(bean.getName() + " implements both MessageListener and "
                    + "CapsuleListener; a bean takes its messages one way");
        }
        if (annotated) {
            if (settings.topic() != null) {
                throw new InvalidPropertyException("topic '" + settings.topic() + "' is set, but " + bean.getName()
                        + " is a CapsuleListener: its topics come from its @OnMessage methods");
            }
            return annotated(factory, bean);
        }
        if (!listener) {
            throw new InvalidPropertyException(bean.getName() + " implements neither MessageListener nor "
                    + "CapsuleListener");
        }
        if (settings.topic() == null) {
            throw new InvalidPropertyException("topic is not set (a MessageListener bean consumes the topic of its "
                    + "activation)");
        }
        Method consume = DeliveryWork.CONSUME;
        ListenerRoute route = new ListenerRoute(settings.topic(), Set.of(), consume, ListenerRoute.Argument.MESSAGE,
                true, transacted(factory, consume));
        return new ListenerRoutes(Map.of(settings.topic(), settings.filter()), List.of(route));
    }

    private static ListenerRoutes annotated(MessageEndpointFactory factory, Class<?> bean)
            throws InvalidPropertyException {
        List<Method> methods = annotatedMethods(bean);
        if (methods.isEmpty()) {
            throw new InvalidPropertyException(bean.getName() + " is a CapsuleListener without any public method "
                    + "annotated @OnMessage");
        }
        Map<String, List<ListenerRoute>> byTopic = new LinkedHashMap<>();
        Map<String, String> sqlByTopic = new LinkedHashMap<>();
        for (Method m : methods) {
            OnMessage on = m.getAnnotation(OnMessage.class);
            String where = bean.getName() + "." + m.getName() + ": ";
            String topic = on.topic() == null ? "" : on.topic().trim();
            if (!NAME.matcher(topic).matches()) {
                throw new InvalidPropertyException(where + "@OnMessage topic '" + on.topic() + "' is empty or has "
                        + "characters other than letters, digits, %, _ and -");
            }
            boolean sql = !on.sql().isBlank();
            Set<String> tags = tags(on.tag(), where);
            if (sql && !tags.isEmpty()) {
                throw new InvalidPropertyException(where + "@OnMessage has both tag '" + on.tag() + "' and sql; "
                        + "filter by one of them");
            }
            ListenerRoute route = new ListenerRoute(topic, tags, m, argument(m, where), answers(m, where),
                    transacted(factory, m));
            List<ListenerRoute> same = byTopic.computeIfAbsent(topic, t -> new ArrayList<>());
            if (!same.isEmpty() && (sql || sqlByTopic.containsKey(topic))) {
                throw new InvalidPropertyException(where + "topic " + topic + " is taken by "
                        + same.get(0).name() + " too; a method with an SQL92 filter must be the only one on its "
                        + "topic");
            }
            for (ListenerRoute other : same) {
                if (tags.isEmpty() && other.tags().isEmpty()) {
                    throw new InvalidPropertyException(where + "takes every tag of " + topic + ", as "
                            + other.name() + " does; give one of them tags");
                }
                Set<String> common = new LinkedHashSet<>(tags);
                common.retainAll(other.tags());
                if (!common.isEmpty()) {
                    throw new InvalidPropertyException(where + "tags " + common + " of " + topic
                            + " are taken by " + other.name() + " too");
                }
            }
            if (sql) {
                sqlByTopic.put(topic, on.sql().trim());
            }
            same.add(route);
        }
        Map<String, FilterExpression> subscriptions = new LinkedHashMap<>();
        List<ListenerRoute> routes = new ArrayList<>();
        byTopic.forEach((topic, same) -> {
            String sql = sqlByTopic.get(topic);
            if (sql != null) {
                subscriptions.put(topic, new FilterExpression(sql, FilterExpressionType.SQL92));
            } else if (same.stream().anyMatch(r -> r.tags().isEmpty())) {
                subscriptions.put(topic, new FilterExpression(ALL, FilterExpressionType.TAG));
            } else {
                Set<String> union = new LinkedHashSet<>();
                same.forEach(r -> union.addAll(r.tags()));
                subscriptions.put(topic, new FilterExpression(String.join(" || ", union), FilterExpressionType.TAG));
            }
            routes.addAll(same);
        });
        return new ListenerRoutes(subscriptions, routes);
    }

    /** The bean's methods annotated @OnMessage, refusing those the container cannot offer (not public, static). */
    private static List<Method> annotatedMethods(Class<?> bean) throws InvalidPropertyException {
        List<Method> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Class<?> c = bean; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(OnMessage.class) || m.isBridge() || m.isSynthetic()) {
                    continue;
                }
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
                    throw new InvalidPropertyException(c.getName() + "." + m.getName() + ": an @OnMessage method "
                            + "must be public and not static");
                }
                // An overriding method hides the one it overrides.
                if (seen.add(m.getName() + Arrays.toString(m.getParameterTypes()))) {
                    found.add(m);
                }
            }
        }
        found.sort(Comparator.comparing(Method::getName));
        return found;
    }

    private static Set<String> tags(String expression, String where) throws InvalidPropertyException {
        String e = expression == null ? ALL : expression.trim();
        if (e.isEmpty() || e.equals(ALL)) {
            return Set.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : e.split("\\|\\|", -1)) {
            String t = tag.trim();
            if (t.isEmpty() || t.equals(ALL)) {
                throw new InvalidPropertyException(where + "@OnMessage tag '" + expression + "' is not * or "
                        + "tags separated by ||");
            }
            tags.add(t);
        }
        return tags;
    }

    private static ListenerRoute.Argument argument(Method m, String where) throws InvalidPropertyException {
        ListenerRoute.Argument argument = m.getParameterCount() == 1
                ? ListenerRoute.Argument.of(m.getParameterTypes()[0]) : null;
        if (argument == null) {
            throw new InvalidPropertyException(where + "an @OnMessage method takes one parameter: a MessageView, "
                    + "a String (the body as UTF-8) or a byte[] (the body); it takes "
                    + Arrays.toString(m.getParameterTypes()));
        }
        return argument;
    }

    private static boolean answers(Method m, String where) throws InvalidPropertyException {
        if (m.getReturnType() == void.class) {
            return false;
        }
        if (m.getReturnType() == ConsumeResult.class) {
            return true;
        }
        throw new InvalidPropertyException(where + "an @OnMessage method returns void or ConsumeResult, not "
                + m.getReturnType().getName());
    }

    private static boolean transacted(MessageEndpointFactory factory, Method m) throws InvalidPropertyException {
        try {
            return factory.isDeliveryTransacted(m);
        } catch (NoSuchMethodException e) {
            throw new InvalidPropertyException("the container does not know the listener method " + m);
        }
    }

    /** What the consumer group subscribes to: each topic and its filter. */
    Map<String, FilterExpression> subscriptions() {
        return subscriptions;
    }

    /**
     * The route of a message: on its topic, the method taking its tag, else the one taking the rest; null when no
     * method takes it. A bean of one topic takes all its messages by tag alone, whatever topic they name (a
     * dead-letter queue's messages, for example, may name the topic they failed on).
     */
    ListenerRoute routeFor(MessageView message) {
        boolean anyTopic = subscriptions.size() == 1;
        String tag = message.getTag().orElse(null);
        ListenerRoute rest = null;
        for (ListenerRoute r : routes) {
            if (!anyTopic && !r.topic().equals(message.getTopic())) {
                continue;
            }
            if (r.tags().isEmpty()) {
                rest = r;
            } else if (tag != null && r.tags().contains(tag)) {
                return r;
            }
        }
        return rest;
    }

    List<ListenerRoute> all() {
        return routes;
    }

    /** For logs: each topic, its filter and the methods taking it. */
    String describe() {
        List<String> parts = new ArrayList<>();
        subscriptions.forEach((topic, filter) -> {
            List<String> methods = routes.stream().filter(r -> r.topic().equals(topic))
                    .map(r -> r.name() + (r.transacted() ? " (transacted)" : "")).toList();
            parts.add(topic + " [" + filter.getFilterExpressionType() + " " + filter.getExpression() + "] -> "
                    + String.join(", ", methods));
        });
        return String.join("; ", parts);
    }
}
