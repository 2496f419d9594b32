package io.capsulemq.quickstart;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.nio.charset.StandardCharsets;

/** Consumes the topic {@code quickstart} as consumer group {@code quickstart-inbox}, in a container transaction. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "topic", propertyValue = "quickstart"),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = "quickstart-inbox")})
public class InboxListener implements MessageListener {
    @EJB
    private Inbox inbox;

    @Override
    public ConsumeResult consume(MessageView message) {
        inbox.add(message.getMessageId() + " " + message.getTag().orElse("-") + " "
                + StandardCharsets.UTF_8.decode(message.getBody().duplicate()));
        return ConsumeResult.SUCCESS;
    }
}
