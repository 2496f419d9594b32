package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.engine.QueueId;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.body.Json;
import io.capsulemq.broker.server.body.LockBatchBody;
import io.capsulemq.broker.server.body.LockBatchResultBody;
import io.capsulemq.broker.server.body.MessageQueueData;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * LOCK_BATCH_MQ and UNLOCK_BATCH_MQ: an ordered consumer takes, renews or gives up leases on queues; the lock
 * answer lists the queues the client holds now.
 */
final class LockProcessor implements RequestProcessor {
    private final Broker broker;

    LockProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        LockBatchBody body = Json.read(request.body(), LockBatchBody.class,
                request.code() == RequestCode.LOCK_BATCH_MQ ? "lock" : "unlock");
        if (body.consumerGroup() == null || body.consumerGroup().isEmpty()
                || body.clientId() == null || body.clientId().isEmpty()) {
            throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the lock body needs consumerGroup and clientId");
        }
        Set<QueueId> queues = new LinkedHashSet<>();
        for (MessageQueueData mq : body.mqSet()) {
            if (mq.topic() == null || mq.topic().isEmpty()) {
                throw Responses.refuse(ResponseCode.INVALID_PARAMETER, "the lock body has a queue without topic");
            }
            queues.add(new QueueId(mq.topic(), mq.queueId()));
        }
        if (request.code() == RequestCode.UNLOCK_BATCH_MQ) {
            broker.locks().unlock(body.consumerGroup(), body.clientId(), queues);
            return Responses.ok();
        }
        Set<QueueId> held = broker.locks().lock(body.consumerGroup(), body.clientId(), queues);
        List<MessageQueueData> locked = body.mqSet().stream()
                .filter(mq -> held.contains(new QueueId(mq.topic(), mq.queueId()))).toList();
        return Responses.done(Responses.success().body(Json.write(new LockBatchResultBody(locked))));
    }
}
