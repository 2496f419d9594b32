package io.capsulemq.it.adapter;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

/** An MDB on the native listener interface, bound to the adapter by name. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "it-basic"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-basic-group")})
public class BasicListener implements MessageListener {
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        received.add("basic", message, this);
        return ConsumeResult.SUCCESS;
    }
}
