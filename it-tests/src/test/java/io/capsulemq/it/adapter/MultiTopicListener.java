package io.capsulemq.it.adapter;

import io.capsulemq.rar.api.CapsuleListener;
import io.capsulemq.rar.api.OnMessage;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.charset.StandardCharsets;

/**
 * One bean, two topics, three methods: the marker listener interface with annotated methods, in the manner of
 * Payara's Cloud Connectors.
 */
@MessageDriven(messageListenerInterface = CapsuleListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-multi-group")})
public class MultiTopicListener implements CapsuleListener {
    @EJB
    private Received received;

    @OnMessage(topic = "it-multi-a", tag = "x")
    public void taggedX(MessageView message) {
        received.add("multi-a-x", message, this);
    }

    @OnMessage(topic = "it-multi-a")
    public ConsumeResult otherTags(String body) {
        received.note("multi-a-other", body);
        return ConsumeResult.SUCCESS;
    }

    @OnMessage(topic = "it-multi-b")
    public void topicB(byte[] body) {
        received.note("multi-b", new String(body, StandardCharsets.UTF_8));
    }
}
