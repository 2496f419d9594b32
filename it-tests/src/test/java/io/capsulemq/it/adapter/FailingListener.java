package io.capsulemq.it.adapter;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

/** Always throws: its transaction rolls back, the message is retried twice, then dead-lettered. */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "it-failing"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-failing-group"),
        @ActivationConfigProperty(propertyName = "maxReconsumeTimes", propertyValue = "2")})
public class FailingListener implements MessageListener {
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        received.add("failing", message, this);
        throw new IllegalStateException("failing on purpose (delivery " + message.getDeliveryAttempt() + ")");
    }
}
