package io.capsulemq.rar.inbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

/**
 * One message's delivery to a bean's method, on a WorkManager thread. A transacted method gets the message inside
 * its transaction (beforeDelivery starts it, afterDelivery ends it), with an XA resource of the delivery enlisted:
 * a {@code FAILURE} answer vetoes the commit, so the bean's own work rolls back with it; the message counts as
 * consumed only if the transaction committed. A bean that throws, answers FAILURE or null, or whose transaction
 * rolled back, has the message delivered again after the back-off, and after the maximum it is dead-lettered; so
 * has a message the container could not take because the bean was being undeployed (it goes to the next
 * activation of the group).
 */
final class DeliveryWork implements Work {
    private static final System.Logger LOG = System.getLogger(DeliveryWork.class.getName());
    static final Method CONSUME = consumeMethod();

    private final MessageEndpointFactory factory;
    private final ListenerRoute route;
    private final MessageView message;
    private final BooleanSupplier deactivating;
    private volatile ConsumeResult result = ConsumeResult.FAILURE;

    DeliveryWork(MessageEndpointFactory factory, ListenerRoute route, MessageView message,
                 BooleanSupplier deactivating) {
        this.factory = factory;
        this.route = route;
        this.message = message;
        this.deactivating = deactivating;
    }

    private static Method consumeMethod() {
        try {
            return MessageListener.class.getMethod("consume", MessageView.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void run() {
        DeliveryXAResource xa = route.transacted() ? new DeliveryXAResource() : null;
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(xa);
        } catch (UnavailableException e) {
            // The container refuses new deliveries from the moment it starts undeploying the bean.
            LOG.log(deactivating.getAsBoolean() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    "no instance of {0} for {1} ({2}); it will be delivered again", factory.getActivationName(),
                    message.getMessageId(), e.getMessage());
            return;
        }
        try {
            deliver(endpoint, xa);
        } finally {
            endpoint.release();
        }
    }

    private void deliver(MessageEndpoint endpoint, DeliveryXAResource xa) {
        try {
            endpoint.beforeDelivery(route.method());
        } catch (NoSuchMethodException | ResourceException | RuntimeException e) {
            // Payara, for one, refuses to begin deliveries to a bean it is undeploying.
            LOG.log(deactivating.getAsBoolean() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    "could not begin the delivery of {0} to {1} ({2}); it will be delivered again",
                    message.getMessageId(), route.name(), e.getMessage());
            return;
        }
        ConsumeResult answer = ConsumeResult.FAILURE;
        try {
            answer = route.invoke(endpoint, message);
            if (answer == null) {
                LOG.log(System.Logger.Level.WARNING, "{0} answered null for {1}; taken as FAILURE", route.name(),
                        message.getMessageId());
                answer = ConsumeResult.FAILURE;
            }
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "{0} failed on {1} (delivery {2}): {3}", route.name(),
                    message.getMessageId(), message.getDeliveryAttempt(), e);
        } finally {
            if (xa != null && answer != ConsumeResult.SUCCESS) {
                xa.vetoCommit();
            }
            try {
                endpoint.afterDelivery();
            } catch (ResourceException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "ending the delivery of {0}: {1}", message.getMessageId(), e);
            }
        }
        result = xa != null && xa.enlisted() ? (xa.committed() ? ConsumeResult.SUCCESS : ConsumeResult.FAILURE)
                : answer;
    }

    ConsumeResult result() {
        return result;
    }

    /** The bean's method cannot be interrupted safely; the delivery ends when it returns. */
    @Override
    public void release() {
    }
}
