package io.capsulemq.broker.server;

import io.capsulemq.broker.engine.Broker;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.RequestProcessor;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.broker.server.codec.MessageEncoder;
import io.capsulemq.broker.store.StoredMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Message look-ups: QUERY_MESSAGE by key, or by unique id when the request's {@code _UNIQUE_KEY_QUERY} field is
 * true, within a store-time range; VIEW_MESSAGE_BY_ID by commit log offset (what a client decodes from an offset
 * message id). Messages come back in RocketMQ's stored-message layout.
 */
final class QueryProcessor implements RequestProcessor {
    /** The extField with which RocketMQ's client marks a look-up by unique id. */
    static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";
    /** A query returns at most this many messages, whatever it asks. */
    static final int MAX_RESULTS = 64;

    private final Broker broker;

    QueryProcessor(Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<RemotingCommand> process(RemotingConnection connection, RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        return request.code() == RequestCode.VIEW_MESSAGE_BY_ID ? view(f.longValue("offset")) : query(f);
    }

    private CompletableFuture<RemotingCommand> query(RequestFields f) {
        String topic = f.string("topic");
        String key = f.string("key");
        int maxNum = f.integer("maxNum");
        long begin = f.longValue("beginTimestamp");
        long end = f.longValue("endTimestamp");
        boolean byUniqueId = f.optionalBoolean(UNIQUE_KEY_QUERY, false);
        int limit = Math.max(1, Math.min(maxNum, MAX_RESULTS));
        List<StoredMessage> found = byUniqueId
                ? broker.store().lookUpByUniqueId(topic, key, begin, end)
                : broker.store().lookUpByKey(topic, key, limit, begin, end);
        if (found.isEmpty()) {
            throw Responses.refuse(ResponseCode.QUERY_NOT_FOUND, "no message of topic " + topic + " with "
                    + (byUniqueId ? "unique id " : "key ") + key + " was stored in that time range");
        }
        List<StoredMessage> messages = found.size() > limit ? found.subList(0, limit) : found;
        return Responses.done(Responses.success()
                .extField("indexLastUpdateTimestamp", Long.toString(broker.config().clock().millis()))
                .extField("indexLastUpdatePhyoffset", Long.toString(broker.store().maxCommitLogOffset()))
                .body(MessageEncoder.encodeAll(messages)));
    }

    private CompletableFuture<RemotingCommand> view(long commitLogOffset) {
        StoredMessage message = broker.store().lookAt(commitLogOffset).orElseThrow(() -> Responses.refuse(
                ResponseCode.QUERY_NOT_FOUND, "no message is stored at commit log offset " + commitLogOffset));
        return Responses.done(Responses.success().body(MessageEncoder.encode(message)));
    }
}
