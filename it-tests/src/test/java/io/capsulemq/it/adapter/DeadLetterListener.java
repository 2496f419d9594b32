package io.capsulemq.it.adapter;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

/** Reads the failing group's dead-letter queue, as an operator's tool would. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "%DLQ%it-failing-group"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-dead-letter-reader")})
public class DeadLetterListener implements MessageListener {
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        received.add("dead", message, this);
        return ConsumeResult.SUCCESS;
    }
}
