package io.capsulemq.it.adapter;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;

import java.util.List;

/** An application's producer: an injected factory, a producer per call, inside the call's transaction or not. */
@Stateless
public class ProducerBean {
    @Resource(lookup = "capsule/producer")
    private CapsuleProducerFactory producers;

    /** In the container's transaction (REQUIRED): visible once the call commits. */
    public String send(Message message) throws ClientException {
        try (Producer producer = producers.createProducer()) {
            return producer.send(message).getMessageId().toString();
        } catch (java.io.IOException e) {
            throw new ClientException(e);
        }
    }

    /** Outside any transaction: each send is visible at once. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void sendNow(List<Message> messages) throws ClientException {
        try (Producer producer = producers.createProducer()) {
            for (Message m : messages) {
                producer.send(m);
            }
        } catch (java.io.IOException e) {
            throw new ClientException(e);
        }
    }
}
