package io.capsulemq.it.adapter;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

/** Bound to the adapter without naming it: the only adapter offering its listener interface. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "it-delayed"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-delayed-group")})
public class DelayedListener implements MessageListener {
    @EJB
    private Received received;

    @Override
    public ConsumeResult consume(MessageView message) {
        received.add("delayed", message, this);
        return ConsumeResult.SUCCESS;
    }
}
