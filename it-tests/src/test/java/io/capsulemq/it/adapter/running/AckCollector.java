package io.capsulemq.it.adapter.running;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.charset.StandardCharsets;

/** Collects the redeployed bean's acknowledgements, in the probe application (which stays deployed). */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = RedeployProbe.ACK_TOPIC),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "it-redeploy-ack-collector"),
        @ActivationConfigProperty(propertyName = "consumeFrom", propertyValue = "FIRST_OFFSET")})
public class AckCollector implements MessageListener {
    @EJB
    private Acks acks;

    @Override
    public ConsumeResult consume(MessageView message) {
        acks.add(StandardCharsets.UTF_8.decode(message.getBody().duplicate()).toString());
        return ConsumeResult.SUCCESS;
    }
}
