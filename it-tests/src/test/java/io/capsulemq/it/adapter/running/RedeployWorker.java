package io.capsulemq.it.adapter.running;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;

import java.nio.ByteBuffer;

/**
 * The bean of the application that is redeployed: each message takes it a moment, and it acknowledges each one by
 * sending its body on to another topic inside the delivery's transaction, so an acknowledgement exists exactly when
 * the delivery committed.
 */
@MessageDriven(messageListenerInterface = MessageListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "capsule-rar"),
        @ActivationConfigProperty(propertyName = "topic", propertyValue = RedeployProbe.WORK_TOPIC),
        @ActivationConfigProperty(propertyName = "consumerGroup", propertyValue = RedeployProbe.WORKER_GROUP),
        @ActivationConfigProperty(propertyName = "maxConcurrency", propertyValue = "4")})
public class RedeployWorker implements MessageListener {
    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;

    @Override
    public ConsumeResult consume(MessageView message) {
        try {
            Thread.sleep(25);
            ByteBuffer body = message.getBody().duplicate();
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            try (Producer producer = producers.createProducer()) {
                producer.send(ClientServiceProvider.loadService().newMessageBuilder()
                        .setTopic(RedeployProbe.ACK_TOPIC).setKeys(message.getMessageId().toString())
                        .setBody(bytes).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not acknowledge " + message.getMessageId(), e);
        }
        return ConsumeResult.SUCCESS;
    }
}
