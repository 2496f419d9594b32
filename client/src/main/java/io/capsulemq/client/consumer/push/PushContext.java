package io.capsulemq.client.consumer.push;

import io.capsulemq.client.gateway.BrokerGateway;
import io.capsulemq.client.gateway.ConsumerSettings;
import io.capsulemq.client.message.ReceivedMessageView;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of one push consumer share: the gateway, its identity, its two executors (a single scheduler
 * thread for pulls, rebalances and timers; a pool for the listener), its flow control, queue leases and the group's
 * settings as last heard.
 */
final class PushContext {
    private static final System.Logger LOG = System.getLogger(PushContext.class.getName());

    final BrokerGateway gateway;
    final String group;
    final String clientId;
    final PushOptions options;
    final ScheduledExecutorService scheduler;
    final ExecutorService pool;
    final FlowControl flow;
    final QueueLeases leases;
    private volatile ConsumerSettings settings;

    PushContext(BrokerGateway gateway, String clientId, PushOptions options, ScheduledExecutorService scheduler,
                ExecutorService pool, FlowControl flow) {
        this.gateway = gateway;
        this.group = options.group();
        this.clientId = clientId;
        this.options = options;
        this.scheduler = scheduler;
        this.pool = pool;
        this.flow = flow;
        this.leases = new QueueLeases(gateway, options.group(), clientId);
        this.settings = ConsumerSettings.absent(options.group());
    }

    ConsumerSettings settings() {
        return settings;
    }

    void settings(ConsumerSettings now) {
        this.settings = now;
    }

    /** Calls the application's listener; an exception or a null answer counts as FAILURE. */
    ConsumeResult consume(ReceivedMessageView view) {
        try {
            ConsumeResult result = options.listener().consume(view);
            if (result == null) {
                LOG.log(System.Logger.Level.WARNING, "the message listener answered null for {0}; taken as FAILURE",
                        view);
                return ConsumeResult.FAILURE;
            }
            return result;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "the message listener failed on " + view + "; taken as FAILURE", t);
            return ConsumeResult.FAILURE;
        }
    }
}
