package io.capsulemq.rar;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkManager;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Just enough of an application server to run the adapter in a unit test: a WorkManager that runs work on the
 * caller's thread, and message endpoints that play the container, including its transaction manager for a
 * transacted bean (start, end, one-phase commit of the enlisted resource).
 */
final class FakeServer {
    private FakeServer() {
    }

    static BootstrapContext bootstrap() {
        WorkManager workManager = (WorkManager) Proxy.newProxyInstance(FakeServer.class.getClassLoader(),
                new Class<?>[]{WorkManager.class}, (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof Work work) {
                        work.run();
                        return method.getReturnType() == long.class ? 0L : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BootstrapContext) Proxy.newProxyInstance(FakeServer.class.getClassLoader(),
                new Class<?>[]{BootstrapContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getWorkManager")) {
                        return workManager;
                    }
                    if (method.getName().equals("isContextSupported")) {
                        return false;
                    }
                    return null;
                });
    }

    /** What a bean saw, and what the played transaction manager decided for each transacted delivery. */
    static final class Bean implements MessageEndpointFactory {
        final List<MessageView> received = new CopyOnWriteArrayList<>();
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        private final Function<MessageView, ConsumeResult> behaviour;
        private final boolean transacted;
        private final String name;
        private final AtomicInteger xids = new AtomicInteger();

        Bean(String name, boolean transacted, Function<MessageView, ConsumeResult> behaviour) {
            this.name = name;
            this.transacted = transacted;
            this.behaviour = behaviour;
        }

        /** Like a container undeploying the bean: from now on it gives no endpoint. */
        volatile boolean available = true;

        @Override
        public MessageEndpoint createEndpoint(XAResource xa) throws UnavailableException {
            if (!available) {
                throw new UnavailableException("the bean " + name + " is being undeployed");
            }
            return new Endpoint(this, xa);
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa, long timeout) throws UnavailableException {
            return createEndpoint(xa);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return transacted;
        }

        @Override
        public String getActivationName() {
            return name;
        }

        @Override
        public Class<?> getEndpointClass() {
            return Endpoint.class;
        }

        Xid nextXid() {
            int n = xids.incrementAndGet();
            return new Xid() {
                public int getFormatId() { return 1; }
                public byte[] getGlobalTransactionId() { return (name + n).getBytes(); }
                public byte[] getBranchQualifier() { return new byte[]{1}; }
            };
        }
    }

    static final class Endpoint implements MessageEndpoint, MessageListener {
        private final Bean bean;
        private final XAResource xa;
        private Xid xid;

        Endpoint(Bean bean, XAResource xa) {
            this.bean = bean;
            this.xa = xa;
        }

        @Override
        public void beforeDelivery(Method method) {
            if (xa != null) {
                xid = bean.nextXid();
                try {
                    xa.start(xid, XAResource.TMNOFLAGS);
                } catch (XAException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public ConsumeResult consume(MessageView message) {
            bean.received.add(message);
            return bean.behaviour.apply(message);
        }

        @Override
        public void afterDelivery() {
            if (xa == null) {
                return;
            }
            try {
                xa.end(xid, XAResource.TMSUCCESS);
                xa.commit(xid, true);
                bean.outcomes.add("committed");
            } catch (XAException e) {
                bean.outcomes.add(e.errorCode >= XAException.XA_RBBASE && e.errorCode <= XAException.XA_RBEND
                        ? "rolled back" : "error " + e.errorCode);
            }
        }

        @Override
        public void release() {
        }
    }

    /**
     * A bean taking its messages in annotated methods: the container's endpoint is a subclass of the bean that is
     * also the {@link MessageEndpoint} (as Payara makes it), with no transaction.
     */
    static final class AnnotatedBean implements MessageEndpointFactory {
        private final Class<?> beanClass;
        private final java.util.function.Supplier<MessageEndpoint> endpoints;

        AnnotatedBean(Class<?> beanClass, java.util.function.Supplier<MessageEndpoint> endpoints) {
            this.beanClass = beanClass;
            this.endpoints = endpoints;
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa) {
            return endpoints.get();
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xa, long timeout) {
            return endpoints.get();
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return beanClass.getSimpleName();
        }

        @Override
        public Class<?> getEndpointClass() {
            return beanClass;
        }
    }
}
