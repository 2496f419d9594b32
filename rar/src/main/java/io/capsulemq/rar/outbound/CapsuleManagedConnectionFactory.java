package io.capsulemq.rar.outbound;

import io.capsulemq.rar.CapsuleResourceAdapter;
import io.capsulemq.rar.api.CapsuleProducerFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import org.apache.rocketmq.client.apis.producer.Producer;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Set;

/**
 * The connection definition for producers: the server pools its connections and binds its
 * {@link CapsuleProducerFactory} in JNDI (for example {@code capsule/producer}). Every connection is alike (they
 * share the adapter's broker), so any pooled one matches any request.
 */
@ConnectionDefinition(
        connectionFactory = CapsuleProducerFactory.class,
        connectionFactoryImpl = PooledProducerFactory.class,
        connection = Producer.class,
        connectionImpl = ProducerHandle.class)
public class CapsuleManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        TransactionSupport {
    private static final long serialVersionUID = 1L;

    private transient CapsuleResourceAdapter adapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new PooledProducerFactory(this, manager);
    }

    /** Outside a server (tests, tools): connections are made on demand, with no pool and no transactions. */
    @Override
    public Object createConnectionFactory() {
        return new PooledProducerFactory(this, new DirectConnections());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        return new CapsuleManagedConnection(requireAdapter().outbound());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        for (Object c : connections) {
            if (c instanceof CapsuleManagedConnection mc) {
                return mc;
            }
        }
        return null;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.XATransaction;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof CapsuleResourceAdapter capsule)) {
            throw new ResourceException("the Capsule MQ connection factory belongs to the Capsule MQ adapter, not "
                    + (ra == null ? "null" : ra.getClass().getName()));
        }
        this.adapter = capsule;
    }

    private CapsuleResourceAdapter requireAdapter() throws ResourceException {
        if (adapter == null) {
            throw new ResourceException("the Capsule MQ connection factory is not associated with its adapter");
        }
        return adapter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** No configuration of its own: factories of one adapter are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleManagedConnectionFactory f && f.adapter == adapter;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(adapter);
    }
}
