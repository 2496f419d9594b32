package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.store.StoredMessage;

import java.util.concurrent.CompletableFuture;

/**
 * CONSUMER_SEND_MSG_BACK: a push consumer failed a message; the engine's retry service stores it again in the
 * group's retry topic, due after a back-off, or in its dead-letter topic once it was tried the maximum number of
 * times (or at once, for a negative delay level). The message is found by its commit log offset.
 */
final class SendBackProcessor implements RequestProcessor {
    private final Broker broker;

    SendBackProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        long commitLogOffset = f.longValue("offset");
        String group = f.string("group");
        int delayLevel = f.integer("delayLevel");
        int maxReconsumeTimes = f.optionalInteger("maxReconsumeTimes", -1);
        ConsumeChecks.group(broker, group);
        StoredMessage failed = broker.store().lookAt(commitLogOffset).orElseThrow(() -> Responses.refuse(
                ResponseCode.SYSTEM_ERROR, "no message is stored at commit log offset " + commitLogOffset));
        return broker.retries().sendBack(group, failed, delayLevel, maxReconsumeTimes)
                .thenApply(put -> Responses.success().build());
    }
}
