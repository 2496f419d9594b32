package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.BrokerException;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME for popped messages, by the receipt handle their extra info carries
 * ({@link PopExtraInfo}, {@link RenewedHandles}). Both wait for the engine's journal write: register this processor
 * on an executor that may block. A handle the engine does not accept (stale, expired, acknowledged already, not of
 * this group or topic) is answered NO_MESSAGE with the engine's reason.
 */
final class PopAckProcessor implements RequestProcessor {
    private final Broker broker;
    private final RenewedHandles renewed;

    PopAckProcessor(Broker broker, RenewedHandles renewed) {
        this.broker = broker;
        this.renewed = renewed;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        String group = f.string("consumerGroup");
        String topic = f.string("topic");
        PopExtraInfo info = PopExtraInfo.decode(f.string("extraInfo"));
        long invisibleTime = request.code() == RequestCode.CHANGE_MESSAGE_INVISIBLETIME
                ? f.longValue("invisibleTime") : 0;
        String handle = info.handle() != null ? info.handle() : renewed.take(group, topic, info);
        if (handle == null) {
            throw Responses.refuse(ResponseCode.NO_MESSAGE, "the extra info names no receipt handle and none was "
                    + "renewed for " + topic + "#" + info.queueId() + " offset " + info.queueOffset() + " popped at "
                    + info.popTime());
        }
        try {
            if (request.code() == RequestCode.ACK_MESSAGE) {
                broker.pop().ack(group, topic, handle);
                return Responses.ok();
            }
            String next = broker.pop().changeInvisibleDuration(group, topic, handle, Duration.ofMillis(invisibleTime));
            long popTime = broker.config().clock().millis();
            renewed.issued(group, topic, info.queueId(), info.queueOffset(), popTime, invisibleTime, next);
            return Responses.done(Responses.success()
                    .extField("popTime", Long.toString(popTime))
                    .extField("invisibleTime", Long.toString(invisibleTime))
                    .extField("reviveQid", Integer.toString(info.reviveQid()))
                    // Not read by RocketMQ's clients (they rebuild it and lose the handle); ours can use it whole.
                    .extField("extraInfo", new PopExtraInfo(info.queueOffset(), popTime, invisibleTime,
                            info.reviveQid(), info.brokerName(), info.queueId(), next).encode()));
        } catch (BrokerException e) {
            if (e.reason() == BrokerException.Reason.NOT_FOUND) {
                throw Responses.refuse(ResponseCode.NO_MESSAGE, e.getMessage());
            }
            throw e;
        }
    }
}
