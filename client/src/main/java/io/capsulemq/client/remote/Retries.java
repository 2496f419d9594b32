package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.message.MessageProperties;
import io.capsulemq.client.gateway.DeliveredMessage;
import io.capsulemq.client.gateway.QueueRef;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A message a push consumer failed, handed back to the broker that stored it with CONSUMER_SEND_MSG_BACK: the broker
 * puts it into the group's retry topic after a back-off (delay level 0: the level after its attempts so far) or
 * into the dead-letter queue (a negative level, or the maximum reached).
 */
final class Retries {
    private final Pulling pulling;
    private final Rpc rpc;

    Retries(Pulling pulling, Rpc rpc) {
        this.pulling = pulling;
        this.rpc = rpc;
    }

    CompletableFuture<Void> sendBack(String group, DeliveredMessage failed, int delayLevel, int maxReconsumeTimes) {
        Pulling.Located at = pulling.locate(new QueueRef(failed.topic(), failed.queueId()));
        String retried = failed.property(MessageProperties.RETRY_TOPIC);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("offset", failed.commitLogOffset());
        h.put("group", group);
        h.put("delayLevel", delayLevel);
        h.put("originMsgId", failed.property(MessageProperties.UNIQUE_KEY));
        h.put("originTopic", retried != null ? retried : failed.topic());
        h.put("unitMode", false);
        h.put("maxReconsumeTimes", maxReconsumeTimes >= 0 ? maxReconsumeTimes : null);
        return rpc.call(at.address(), Requests.request(RequestCode.CONSUMER_SEND_MSG_BACK, h), Rpc.TIMEOUT,
                Set.of(ResponseCode.SUCCESS)).thenApply(answer -> null);
    }
}
