package io.capsulemq.it.adapter;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

/** FIFO consumption with up to four deliveries at once; each takes a moment, so several instances are at work. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "it-fifo"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-fifo-group"),
        @ActivationConfigProperty(propertyName = "consumeMode", propertyValue = "FIFO"),
        @ActivationConfigProperty(propertyName = "maxConcurrency", propertyValue = "4")})
public class FifoListener implements MessageListener {
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        received.add("fifo", message, this);
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ConsumeResult.SUCCESS;
    }
}
