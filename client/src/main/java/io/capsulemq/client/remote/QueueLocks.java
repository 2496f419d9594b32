package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.QueueRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Leases on queues for ordered consumers: LOCK_BATCH_MQ and UNLOCK_BATCH_MQ, one request to each broker holding some
 * of the queues, with RocketMQ's {@code LockBatchRequestBody} naming the queues as (topic, broker, queue id).
 */
final class QueueLocks {
    private static final System.Logger LOG = System.getLogger(QueueLocks.class.getName());

    private final Pulling pulling;
    private final RouteTable routes;
    private final Rpc rpc;

    QueueLocks(Pulling pulling, RouteTable routes, Rpc rpc) {
        this.pulling = pulling;
        this.routes = routes;
        this.rpc = rpc;
    }

    /** Takes or renews the leases; answers the queues held now. A broker that cannot be reached grants none. */
    Set<QueueRef> lock(String group, String clientId, Set<QueueRef> queues) {
        Map<String, CompletableFuture<RemotingCommand>> asked = new LinkedHashMap<>();
        byBroker(queues).forEach((address, mqs) -> asked.put(address, rpc.raw(address,
                Requests.request(RequestCode.LOCK_BATCH_MQ).body(body(group, clientId, mqs)).build(), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS))));
        Set<QueueRef> held = new TreeSet<>();
        asked.forEach((address, answer) -> {
            try {
                for (Object item : RocketJson.arrayField(RocketJson.object(answer.get().body()), "lockOKMQSet")) {
                    if (item instanceof Map<?, ?> raw) {
                        @SuppressWarnings("unchecked")
                        Map<Object, Object> mq = (Map<Object, Object>) raw;
                        QueueRef ref = ref(mq);
                        if (ref != null) {
                            held.add(ref);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot lock queues of group {0} on {1}: {2}", group, address,
                        e instanceof ExecutionException ? Rpc.unwrap(e).getMessage() : e.getMessage());
            }
        });
        return held;
    }

    void unlock(String group, String clientId, Set<QueueRef> queues) {
        List<CompletableFuture<RemotingCommand>> asked = new ArrayList<>();
        byBroker(queues).forEach((address, mqs) -> asked.add(rpc.raw(address,
                Requests.request(RequestCode.UNLOCK_BATCH_MQ).body(body(group, clientId, mqs)).build(), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS))));
        GatewayException failure = null;
        for (CompletableFuture<RemotingCommand> answer : asked) {
            try {
                answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                failure = Rpc.unwrap(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Map<String, List<Map<String, Object>>> byBroker(Set<QueueRef> queues) {
        Map<String, List<Map<String, Object>>> byBroker = new TreeMap<>();
        for (QueueRef queue : queues) {
            Pulling.Located at = pulling.locate(queue);
            Map<String, Object> mq = new LinkedHashMap<>();
            mq.put("topic", queue.topic());
            mq.put("brokerName", at.queue().brokerName());
            mq.put("queueId", at.queue().queueId());
            byBroker.computeIfAbsent(at.address(), a -> new ArrayList<>()).add(mq);
        }
        return byBroker;
    }

    private static byte[] body(String group, String clientId, List<Map<String, Object>> mqs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("consumerGroup", group);
        body.put("clientId", clientId);
        body.put("onlyThisBroker", false);
        body.put("mqSet", mqs);
        return RocketJson.write(body);
    }

    private QueueRef ref(Map<Object, Object> mq) {
        String topic = RocketJson.stringField(mq, "topic");
        TopicLayout layout = topic == null ? null : routes.cached(topic);
        if (layout == null) {
            return null;
        }
        int index = layout.queues().readIndex(RocketJson.stringField(mq, "brokerName"),
                (int) RocketJson.longField(mq, "queueId", -1));
        return index < 0 ? null : new QueueRef(topic, index);
    }
}
