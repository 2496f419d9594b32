package io.capsulemq.rar.inbound;

import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One method of a bean and the messages it takes: a topic and some of its tags (none listed: all, or all that no
 * other method of the bean on that topic takes), what it is given (the message, or its body as text or bytes), and
 * whether it answers a {@link ConsumeResult}.
 *
 * @param tags       the tags the method takes; empty for the rest of the topic
 * @param transacted whether the container delivers to this method inside a transaction
 */
record ListenerRoute(String topic, Set<String> tags, Method method, Argument argument, boolean answers,
                     boolean transacted) {

    /** What the method is given. */
    enum Argument {
        MESSAGE, TEXT, BYTES;

        static Argument of(Class<?> type) {
            if (type == MessageView.class) {
                return MESSAGE;
            }
            if (type == String.class) {
                return TEXT;
            }
            if (type == byte[].class) {
                return BYTES;
            }
            return null;
        }

        Object of(MessageView message) {
            return switch (this) {
                case MESSAGE -> message;
                case TEXT -> StandardCharsets.UTF_8.decode(message.getBody().duplicate()).toString();
                case BYTES -> {
                    ByteBuffer body = message.getBody().duplicate();
                    byte[] bytes = new byte[body.remaining()];
                    body.get(bytes);
                    yield bytes;
                }
            };
        }
    }

    ListenerRoute {
        tags = Set.copyOf(tags);
    }

    /**
     * Calls the method on the container's endpoint for the bean: SUCCESS when a void method returns, else what the
     * method answered (possibly null).
     *
     * @throws Throwable what the method threw
     */
    ConsumeResult invoke(Object endpoint, MessageView message) throws Throwable {
        Method target = method;
        if (!method.getDeclaringClass().isInstance(endpoint)) {
            // The container's endpoint is not a subclass of the bean: call its method of the same signature.
            target = endpoint.getClass().getMethod(method.getName(), method.getParameterTypes());
        }
        Object answer;
        try {
            answer = target.invoke(endpoint, argument.of(message));
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
        return answers ? (ConsumeResult) answer : ConsumeResult.SUCCESS;
    }

    /** How logs name it: {@code Bean.method}. */
    String name() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
