package io.capsulemq.rar.outbound;

import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;

import javax.naming.Reference;
import java.io.Serializable;

/** The connection factory bound in JNDI: producers come from the server's connection manager (its pool). */
public final class PooledProducerFactory implements CapsuleProducerFactory, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;

    private final CapsuleManagedConnectionFactory factory;
    private final transient ConnectionManager manager;
    private Reference reference;

    PooledProducerFactory(CapsuleManagedConnectionFactory factory, ConnectionManager manager) {
        this.factory = factory;
        this.manager = manager;
    }

    @Override
    public Producer createProducer() throws ClientException {
        try {
            return (Producer) manager.allocateConnection(factory, null);
        } catch (ResourceException e) {
            throw new ClientException("no Capsule MQ producer could be had from the server: " + e.getMessage(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
