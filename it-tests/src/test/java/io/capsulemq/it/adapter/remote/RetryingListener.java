package io.capsulemq.it.adapter.remote;

import io.capsulemq.rar.api.CapsuleListener;
import io.capsulemq.rar.api.OnMessage;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One bean, two tags: a {@code flaky} message fails its first delivery and is taken on the next, a {@code poison}
 * one always fails (after one retry it goes to the dead-letter queue). Each delivery attempt is noted.
 */
@MessageDriven(messageListenerInterface = CapsuleListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = RetryingListener.GROUP),
        @ActivationConfigProperty(propertyName = "maxReconsumeTimes", propertyValue = "1")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetryingListener implements CapsuleListener {
    static final String GROUP = "it-remote-retry-group";
    /** The delivery attempts of each message, by body. */
    static final Map<String, List<Integer>> ATTEMPTS = new ConcurrentHashMap<>();

    @OnMessage(topic = RemoteOrders.RETRY_TOPIC, tag = "flaky")
    public void flaky(MessageView message) {
        if (note(message) == 1) {
            throw new IllegalStateException("the first delivery of a flaky message fails");
        }
    }

    @OnMessage(topic = RemoteOrders.RETRY_TOPIC, tag = "poison")
    public void poison(MessageView message) {
        note(message);
        throw new IllegalStateException("a poison message always fails");
    }

    private static int note(MessageView message) {
        String body = StandardCharsets.UTF_8.decode(message.getBody().duplicate()).toString();
        ATTEMPTS.computeIfAbsent(body, b -> new CopyOnWriteArrayList<>()).add(message.getDeliveryAttempt());
        return message.getDeliveryAttempt();
    }
}
